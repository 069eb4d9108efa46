package io.tpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import io.tpool.Tpool;
import io.tpool.testsupport.NativeSleep;
import org.jspecify.annotations.Nullable;

/**
 * The load harness: virtual callers making a blocking 20 ms native call, offloaded
 * through pools of 1 to 64 threads and made directly; then 10,000 callers at once. With
 * the argument {@value #DUCKDB}, virtual callers running DuckDB's report query instead,
 * offloaded through pools of 1 to 8 threads and made directly. Prints Markdown tables.
 * Run it with {@code --enable-native-access=ALL-UNNAMED
 * -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @since 0.1.0
 */
public final class LoadHarness {

	private static final int CALL_MILLIS = 20;

	/** Each caller makes one call; this many callers per pool thread make the waves. */
	private static final int WAVES = 50;

	private static final int[] SIZES = { 1, 2, 4, 8, 16, 20, 32, 64 };

	private static final int ROUNDS = 3;

	private static final int DIRECT_CALLERS = 400;

	private static final int MANY_CALLERS = 10_000;

	static final String DUCKDB = "duckdb";

	/** The demo's default: the report query runs for tens of milliseconds. */
	private static final long DUCKDB_ROWS = 2_000_000;

	private static final int[] DUCKDB_SIZES = { 1, 2, 4, 8 };

	/**
	 * The same callers for every pool size: the queries are bound by the cores, not by
	 * the pool's threads, so more callers per thread would only lengthen the run.
	 */
	private static final int DUCKDB_CALLERS = 100;

	private LoadHarness() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("carriers: %s, cores: %d, JDK %s%n",
				System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
				Runtime.getRuntime().availableProcessors(), Runtime.version());
		if (List.of(args).contains(DUCKDB)) {
			duckDb();
			return;
		}
		NativeSleep.sleep(1);
		warmUp();
		throughputAgainstTheBound();
		offloadedAgainstDirect();
		tenThousandCallers();
	}

	private static void warmUp() throws Exception {
		try (Tpool pool = Tpool.builder().name("warm-up").size(20).build()) {
			burst(pool, 20 * 10, LoadHarness::sleep);
		}
	}

	private static void sleep() {
		NativeSleep.sleep(CALL_MILLIS);
	}

	private static void throughputAgainstTheBound() throws Exception {
		System.out.println();
		System.out.printf("### Offloaded: %d callers per pool thread, one %d ms native call each, median of %d%n%n",
				WAVES, CALL_MILLIS, ROUNDS);
		System.out.println("| pool threads | callers | bound (calls/s) | calls/s | of the bound "
				+ "| fresh virtual thread start p50 / p99 / max (ms) |");
		System.out.println("|---:|---:|---:|---:|---:|---|");
		for (int size : SIZES) {
			try (Tpool pool = Tpool.builder().name("load-" + size).size(size).build()) {
				int callers = WAVES * size;
				Result result = median(pool, callers, LoadHarness::sleep);
				double bound = size * 1000.0 / CALL_MILLIS;
				System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.1f | %.1f%% | %s |%n", size, callers, bound,
						result.callsPerSecond(), 100 * result.callsPerSecond() / bound, result.latencies());
			}
		}
	}

	private static void offloadedAgainstDirect() throws Exception {
		System.out.println();
		System.out.printf("### %d callers, one %d ms native call each: offloaded to 20 threads vs direct%n%n",
				DIRECT_CALLERS, CALL_MILLIS);
		System.out.println("| calls | calls/s | fresh virtual thread start p50 / p99 / max (ms) |");
		System.out.println("|---|---:|---|");
		try (Tpool pool = Tpool.builder().name("offloaded").size(20).build()) {
			Result result = burst(pool, DIRECT_CALLERS, LoadHarness::sleep);
			System.out.printf(Locale.ROOT, "| offloaded, 20 threads | %.1f | %s |%n", result.callsPerSecond(),
					result.latencies());
		}
		Result result = burst(null, DIRECT_CALLERS, LoadHarness::sleep);
		System.out.printf(Locale.ROOT, "| direct, on the carriers | %.1f | %s |%n", result.callsPerSecond(),
				result.latencies());
	}

	/**
	 * Runs {@link #burst} {@value #ROUNDS} times, so that a hiccup of a shared machine
	 * does not decide the result.
	 * @return the median rate, with the start latencies of all rounds
	 */
	private static Result median(@Nullable Tpool pool, int callers, Call call) throws Exception {
		List<Result> results = new ArrayList<>();
		List<long[]> latencies = new ArrayList<>();
		for (int i = 0; i < ROUNDS; i++) {
			Result result = burst(pool, callers, call);
			results.add(result);
			latencies.add(result.sortedLatencies());
		}
		results.sort(Comparator.comparingDouble(Result::callsPerSecond));
		long[] all = latencies.stream().flatMapToLong(LongStream::of).sorted().toArray();
		return new Result(results.get(ROUNDS / 2).callsPerSecond(), all);
	}

	/**
	 * Starts {@code callers} virtual threads that each make one call, through the pool or
	 * (without one) directly, and probes the start latency meanwhile.
	 */
	private static Result burst(@Nullable Tpool pool, int callers, Call call) throws Exception {
		AtomicLong lastEnd = new AtomicLong();
		AtomicInteger done = new AtomicInteger();
		AtomicInteger calling = new AtomicInteger();
		AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>(callers);
		long start = System.nanoTime();
		for (int i = 0; i < callers; i++) {
			threads.add(Thread.ofVirtual().start(() -> {
				calling.incrementAndGet();
				try {
					if (pool != null) {
						pool.execute(call::run);
					}
					else {
						call.run();
					}
					done.incrementAndGet();
				}
				catch (Exception ex) {
					failure.compareAndSet(null, ex);
				}
				lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
			}));
		}
		// Probe once the load is on, every offloaded caller waiting for the pool: the
		// ramp would measure how fast one thread starts thousands of others.
		while (pool != null && calling.get() < callers) {
			LockSupport.parkNanos(100_000);
		}
		StartLatencyProbe probe = new StartLatencyProbe();
		for (Thread thread : threads) {
			thread.join();
		}
		probe.close();
		if (done.get() != callers) {
			throw new IllegalStateException("Lost calls: " + done.get() + " of " + callers, failure.get());
		}
		double seconds = (lastEnd.get() - start) / 1e9;
		return new Result(callers / seconds, probe.sorted());
	}

	/**
	 * DuckDB's report query, offloaded through pools of 1 to 8 threads and made directly
	 * by the same number of virtual callers. The query is CPU work in native code, so the
	 * bound is the threads that can run at once, at most one per core, over the time of
	 * one query alone.
	 */
	private static void duckDb() throws Exception {
		try (DuckDbOrders orders = new DuckDbOrders("load-harness", DUCKDB_ROWS)) {
			for (int i = 0; i < 5; i++) {
				orders.report();
			}
			long[] alone = new long[20];
			for (int i = 0; i < alone.length; i++) {
				long start = System.nanoTime();
				orders.report();
				alone[i] = System.nanoTime() - start;
			}
			Arrays.sort(alone);
			double queryMillis = StartLatencyProbe.percentileMillis(alone, 50);
			int cores = Runtime.getRuntime().availableProcessors();
			int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", cores);
			System.out.println();
			System.out.printf(Locale.ROOT,
					"DuckDB %s, %,d orders, threads = 1: one report query alone on a platform thread, "
							+ "median of %d: %.1f ms (fastest %.1f, slowest %.1f)%n",
					orders.version(), orders.rows(), alone.length, queryMillis, alone[0] / 1e6,
					alone[alone.length - 1] / 1e6);
			System.out.println();
			System.out.printf("### DuckDB report queries: %d virtual callers, one query each, median of %d%n%n",
					DUCKDB_CALLERS, ROUNDS);
			System.out.println("| calls | threads running queries | bound (queries/s) | queries/s | of the bound "
					+ "| fresh virtual thread start p50 / p99 / max (ms) |");
			System.out.println("|---|---:|---:|---:|---:|---|");
			try (Tpool pool = Tpool.builder().name("warm-up").size(2).build()) {
				burst(pool, 20, orders::report);
			}
			for (int size : DUCKDB_SIZES) {
				try (Tpool pool = Tpool.builder().name("duckdb").size(size).build()) {
					printDuckDbRow("offloaded, %d pool thread%s".formatted(size, (size == 1) ? "" : "s"), size,
							Math.min(size, cores), queryMillis, median(pool, DUCKDB_CALLERS, orders::report));
				}
			}
			printDuckDbRow("direct, on the carriers", carriers, Math.min(carriers, cores), queryMillis,
					median(null, DUCKDB_CALLERS, orders::report));
		}
	}

	private static void printDuckDbRow(String calls, int threads, int running, double queryMillis, Result result) {
		double bound = running * 1000 / queryMillis;
		System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.0f%% | %s |%n", calls, threads, bound,
				result.callsPerSecond(), 100 * result.callsPerSecond() / bound, result.latencies());
	}

	private static void tenThousandCallers() throws Exception {
		System.out.println();
		System.out.printf("### %,d callers at once, 20 threads, one %d ms native call each%n%n", MANY_CALLERS,
				CALL_MILLIS);
		long parked = heapPerParkedVirtualThread();
		try (Tpool pool = Tpool.builder().name("many").size(20).build()) {
			CountDownLatch gate = new CountDownLatch(1);
			AtomicInteger done = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			long before = usedHeapAfterGc();
			long start = System.nanoTime();
			List<Thread> threads = new ArrayList<>(MANY_CALLERS);
			for (int i = 0; i < MANY_CALLERS; i++) {
				threads.add(Thread.ofVirtual().start(() -> {
					try {
						pool.execute(() -> {
							gate.await();
							NativeSleep.sleep(CALL_MILLIS);
						});
						done.incrementAndGet();
					}
					catch (Throwable ex) {
						failed.incrementAndGet();
					}
				}));
			}
			awaitQueued(pool, MANY_CALLERS - pool.size());
			long waiting = usedHeapAfterGc();
			gate.countDown();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			for (Thread thread : threads) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
					break;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double perCaller = (double) (waiting - before) / MANY_CALLERS;
			System.out
				.println("| callers | completed | failed | counted by the pool | seconds | heap per waiting caller "
						+ "| a virtual thread parked on a latch, for scale |");
			System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
			System.out.printf(Locale.ROOT, "| %,d | %,d | %d | %,d | %.2f | %.0f B | %d B |%n", MANY_CALLERS,
					done.get(), failed.get(), pool.stats().completed(), seconds, perCaller, parked);
		}
	}

	/**
	 * The heap that a virtual thread parked on a latch holds: the baseline per caller.
	 */
	private static long heapPerParkedVirtualThread() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		AtomicInteger parked = new AtomicInteger();
		long before = usedHeapAfterGc();
		List<Thread> threads = new ArrayList<>(MANY_CALLERS);
		for (int i = 0; i < MANY_CALLERS; i++) {
			threads.add(Thread.ofVirtual().start(() -> {
				parked.incrementAndGet();
				try {
					gate.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		while (parked.get() < MANY_CALLERS) {
			Thread.sleep(10);
		}
		Thread.sleep(100);
		long waiting = usedHeapAfterGc();
		gate.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		return (waiting - before) / MANY_CALLERS;
	}

	private static void awaitQueued(Tpool pool, int queued) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (pool.stats().queued() < queued) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + pool.stats() + " after a minute");
			}
			Thread.sleep(10);
		}
		Thread.sleep(100);
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/**
	 * One caller's call.
	 */
	@FunctionalInterface
	private interface Call {

		void run() throws Exception;

	}

	private record Result(double callsPerSecond, long[] sortedLatencies) {

		String latencies() {
			return String.format(Locale.ROOT, "%.2f / %.2f / %.2f",
					StartLatencyProbe.percentileMillis(this.sortedLatencies, 50),
					StartLatencyProbe.percentileMillis(this.sortedLatencies, 99),
					StartLatencyProbe.percentileMillis(this.sortedLatencies, 100));
		}

	}

}
