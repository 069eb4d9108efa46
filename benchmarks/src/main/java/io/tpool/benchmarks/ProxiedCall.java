package io.tpool.benchmarks;

import java.util.concurrent.TimeUnit;

import io.tpool.Tpool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One interface call from a virtual thread: through a tpool proxy, through
 * {@code execute}, and made directly.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 3, jvmArgsAppend = { "-Djmh.executor=VIRTUAL", "-Djdk.virtualThreadScheduler.parallelism=2" })
public class ProxiedCall {

	@Benchmark
	public int direct(Calls calls, RoundTrip.Caller caller) {
		return calls.target.answer(caller.one());
	}

	@Benchmark
	public int execute(Calls calls, RoundTrip.Caller caller) {
		Answer target = calls.target;
		int question = caller.one();
		return calls.pool.execute(() -> target.answer(question));
	}

	@Benchmark
	public int proxy(Calls calls, RoundTrip.Caller caller) {
		return calls.proxy.answer(caller.one());
	}

	/** An interface of the kind a legacy client has. */
	public interface Answer {

		int answer(int question);

	}

	static final class Echo implements Answer {

		@Override
		public int answer(int question) {
			return question;
		}

	}

	/** The pool, the target and its proxy. */
	@State(Scope.Benchmark)
	public static class Calls {

		Tpool pool;

		Answer target;

		Answer proxy;

		@Setup(Level.Trial)
		public void start() {
			this.pool = Tpool.builder().name("bench").size(Peers.THREADS).build();
			this.target = new Echo();
			this.proxy = this.pool.proxy(this.target, Answer.class);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.pool.close();
		}

	}

}
