/**
 * JMH benchmarks and a load harness that measure tpool side by side with its peers.
 */
@NullMarked
package io.tpool.benchmarks;

import org.jspecify.annotations.NullMarked;
