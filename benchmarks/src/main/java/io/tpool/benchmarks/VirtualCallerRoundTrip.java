package io.tpool.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link RoundTrip} from a virtual thread: JMH 1.37 runs its benchmark threads as virtual
 * threads with {@code -Djmh.executor=VIRTUAL}, on the default scheduler with two
 * carriers.
 *
 * @since 0.1.0
 */
@Fork(value = 3, jvmArgsAppend = { "-Djmh.executor=VIRTUAL", "-Djdk.virtualThreadScheduler.parallelism=2" })
public class VirtualCallerRoundTrip extends RoundTrip {

}
