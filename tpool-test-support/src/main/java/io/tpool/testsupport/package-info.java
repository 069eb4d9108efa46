/**
 * Stand-ins shared by the tests, the demo and the benchmarks: a blocking native call and
 * H2 functions.
 */
@NullMarked
package io.tpool.testsupport;

import org.jspecify.annotations.NullMarked;
