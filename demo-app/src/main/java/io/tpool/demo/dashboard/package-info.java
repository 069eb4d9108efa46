/**
 * The live dashboard: pool and carrier state sampled over time, and bursts of native
 * calls.
 */
@NullMarked
package io.tpool.demo.dashboard;

import org.jspecify.annotations.NullMarked;
