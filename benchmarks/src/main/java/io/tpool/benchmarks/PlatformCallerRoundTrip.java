package io.tpool.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link RoundTrip} from a platform thread, JMH's default.
 *
 * @since 0.1.0
 */
@Fork(value = 3, jvmArgsAppend = { "-Djmh.executor=PLATFORM" })
public class PlatformCallerRoundTrip extends RoundTrip {

}
