/**
 * The virtual thread scheduler of the running JVM, as tpool's modules read and tune it.
 */
@NullMarked
package io.tpool.scheduler;

import org.jspecify.annotations.NullMarked;
