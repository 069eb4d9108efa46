/**
 * DuckDB, a real native library: an in-memory analytical database whose queries run in
 * C++ through JNI and hold the calling thread's carrier.
 */
@NullMarked
package io.tpool.demo.duckdb;

import org.jspecify.annotations.NullMarked;
