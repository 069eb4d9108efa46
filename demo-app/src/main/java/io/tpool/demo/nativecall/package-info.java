/**
 * The stand-in for a C library that does its own blocking I/O, and the two ways to call
 * it.
 */
@NullMarked
package io.tpool.demo.nativecall;

import org.jspecify.annotations.NullMarked;
