package io.tpool.benchmarks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The round trip of a trivial task, {@code () -> 1}, from one caller: hand it off, let a
 * pool thread run it, get the value back. Subclasses choose the kind of caller thread.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public abstract class RoundTrip {

	@Benchmark
	public int direct(Caller caller) {
		return caller.one();
	}

	@Benchmark
	public int tpool(Caller caller, Peers.TpoolPeer peer) {
		return peer.pool.execute(() -> 1);
	}

	@Benchmark
	public int threadPoolExecutor(Caller caller, Peers.ThreadPoolExecutorPeer peer)
			throws InterruptedException, ExecutionException {
		return peer.pool.submit(() -> 1).get();
	}

	@Benchmark
	public int forkJoinPool(Caller caller, Peers.ForkJoinPoolPeer peer)
			throws InterruptedException, ExecutionException {
		return peer.pool.submit(() -> 1).get();
	}

	@Benchmark
	public int springThreadPoolTaskExecutor(Caller caller, Peers.SpringPeer peer)
			throws InterruptedException, ExecutionException {
		return peer.pool.submit(() -> 1).get();
	}

	@Benchmark
	public int resilience4jThreadPoolBulkhead(Caller caller, Peers.BulkheadPeer peer)
			throws InterruptedException, ExecutionException {
		return peer.call(() -> 1);
	}

	@Benchmark
	public int spinningPingPongFloor(Caller caller, Peers.PingPongPeer peer) {
		return peer.pingPong.call(() -> 1);
	}

	/**
	 * The thread that JMH calls the benchmark on; checks that it is of the kind the
	 * benchmark class promises, so that a forgotten or overridden
	 * {@code -Djmh.executor=VIRTUAL} cannot pass platform numbers off as virtual ones.
	 */
	@State(Scope.Thread)
	public static class Caller {

		private int one = 1;

		@Setup(Level.Iteration)
		public void check(BenchmarkParams params) {
			boolean expected = !params.getBenchmark().contains(".PlatformCaller");
			if (Thread.currentThread().isVirtual() != expected) {
				throw new IllegalStateException("Expected a " + (expected ? "virtual" : "platform")
						+ " caller, but ran on " + Thread.currentThread());
			}
		}

		int one() {
			return this.one;
		}

	}

}
