package io.tpool.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link RoundTrip} from a platform thread, JMH's default.
 *
 * @author tpool
 */
@Fork(value = 3, jvmArgsAppend = { "-Djmh.executor=PLATFORM" })
public class PlatformCallerRoundTrip extends RoundTrip {

}
