package io.tpool.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link RoundTrip} from a platform thread, JMH's default.
 *
 * @author tpool
 */
@Fork(value = 1, jvmArgsAppend = { "-Djmh.executor=PLATFORM", "-Dtpool.bench.virtual=false" })
public class PlatformCallerRoundTrip extends RoundTrip {

}
