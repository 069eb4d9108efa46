package io.tpool.benchmarks;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.tpool.Tpool;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The pools that a round trip is measured through, each of 20 threads, each started only
 * by the benchmarks that use it: an idle pool must not take CPU from the one measured.
 *
 * @since 0.1.0
 */
public final class Peers {

	static final int THREADS = 20;

	private Peers() {
	}

	/** tpool itself. */
	@State(Scope.Benchmark)
	public static class TpoolPeer {

		Tpool pool;

		@Setup(Level.Trial)
		public void start() {
			this.pool = Tpool.builder().name("bench").size(THREADS).build();
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.pool.close();
		}

	}

	/**
	 * A fixed {@link ThreadPoolExecutor}, as {@code Executors.newFixedThreadPool(20)}.
	 */
	@State(Scope.Benchmark)
	public static class ThreadPoolExecutorPeer {

		ThreadPoolExecutor pool;

		@Setup(Level.Trial)
		public void start() {
			this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
			this.pool.prestartAllCoreThreads();
		}

		@TearDown(Level.Trial)
		public void stop() throws InterruptedException {
			shutdown(this.pool);
		}

	}

	/** A {@link ForkJoinPool} of parallelism 20. */
	@State(Scope.Benchmark)
	public static class ForkJoinPoolPeer {

		ForkJoinPool pool;

		@Setup(Level.Trial)
		public void start() {
			this.pool = new ForkJoinPool(THREADS);
		}

		@TearDown(Level.Trial)
		public void stop() throws InterruptedException {
			shutdown(this.pool);
		}

	}

	/** Spring's {@link ThreadPoolTaskExecutor}, 20 core and 20 maximum threads. */
	@State(Scope.Benchmark)
	public static class SpringPeer {

		ThreadPoolTaskExecutor pool;

		@Setup(Level.Trial)
		public void start() {
			this.pool = new ThreadPoolTaskExecutor();
			this.pool.setCorePoolSize(THREADS);
			this.pool.setMaxPoolSize(THREADS);
			this.pool.setPrestartAllCoreThreads(true);
			this.pool.initialize();
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.pool.shutdown();
		}

	}

	/** Resilience4j's {@link ThreadPoolBulkhead}, 20 core and 20 maximum threads. */
	@State(Scope.Benchmark)
	public static class BulkheadPeer {

		ThreadPoolBulkhead bulkhead;

		@Setup(Level.Trial)
		public void start() {
			this.bulkhead = ThreadPoolBulkhead.of("bench",
					ThreadPoolBulkheadConfig.custom()
						.coreThreadPoolSize(THREADS)
						.maxThreadPoolSize(THREADS)
						.keepAliveDuration(Duration.ofMinutes(10))
						.build());
		}

		@TearDown(Level.Trial)
		public void stop() throws Exception {
			this.bulkhead.close();
		}

		<T> T call(Callable<T> task) throws InterruptedException, ExecutionException {
			return this.bulkhead.submit(task).toCompletableFuture().get();
		}

	}

	/** The floor: a spinning ping-pong with a dedicated platform thread. */
	@State(Scope.Benchmark)
	public static class PingPongPeer {

		PingPong pingPong;

		@Setup(Level.Trial)
		public void start() {
			this.pingPong = new PingPong();
		}

		@TearDown(Level.Trial)
		public void stop() throws InterruptedException {
			this.pingPong.close();
		}

	}

	private static void shutdown(java.util.concurrent.ExecutorService pool) throws InterruptedException {
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.SECONDS);
	}

}
