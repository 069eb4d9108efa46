/**
 * The tpool demo application.
 */
@NullMarked
package io.tpool.demo;

import org.jspecify.annotations.NullMarked;
