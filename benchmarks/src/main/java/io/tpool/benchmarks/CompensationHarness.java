package io.tpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.testsupport.NativeSleep;
import io.tpool.watchdog.CarrierWatchdog;
import org.jspecify.annotations.Nullable;

/**
 * Carrier compensation against the calls nobody offloaded: the demo's two direct loads,
 * made from virtual threads in this JVM as the demo's handlers make them, with the
 * carrier watchdog's compensation off, and on for several delays and maxima. The loads:
 * <ul>
 * <li>{@code native}: 200 concurrent 50 ms {@code usleep} calls through
 * {@code java.lang.foreign}, each holding its carrier (the demo's
 * {@code /native/direct?millis=50});</li>
 * <li>{@code duckdb}: 50 concurrent DuckDB report queries over 2,000,000 orders, tens of
 * milliseconds each in C++ through JNI (the demo's {@code /duckdb/report/direct}).</li>
 * </ul>
 * For each run it prints how long the load took, the start of a fresh virtual thread (one
 * every 5 ms while the load runs: p50, p99, max), the most carriers added, the carriers
 * added in all, and the process's CPU. The runs alternate by round, so that a drifting
 * machine weighs on each alike; the median of the rounds is printed. Arguments: the
 * rounds, default 3. Run it with {@code --enable-native-access=ALL-UNNAMED
 * -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @since 0.3.0
 */
public final class CompensationHarness {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);

	private static final int NATIVE_CALLS = 200;

	private static final int NATIVE_MILLIS = 50;

	private static final int REPORTS = 50;

	private static final long ROWS = 2_000_000;

	private CompensationHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		if (rounds < 1) {
			throw new IllegalArgumentException("The rounds must be at least 1, but were " + rounds);
		}
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		if (scheduler == null) {
			throw new IllegalStateException("Compensation needs JDK 24 or later");
		}
		List<Setting> settings = List.of(Setting.off(), new Setting(5, 16), new Setting(10, 16), new Setting(20, 16),
				new Setting(50, 16), new Setting(20, 4), new Setting(20, 64), new Setting(20, 256));
		try (DuckDbOrders orders = new DuckDbOrders("compensation", ROWS)) {
			List<Load> loads = List.of(new Load("native", NATIVE_CALLS, () -> NativeSleep.sleep(NATIVE_MILLIS)),
					new Load("duckdb", REPORTS, () -> {
						try {
							orders.report();
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
					}));
			System.out.printf(Locale.ROOT, "carriers %d, cores %d, JDK %s, %d rounds, medians%n%n",
					scheduler.parallelism(), Runtime.getRuntime().availableProcessors(), Runtime.version(), rounds);
			for (Load load : loads) {
				// Warm up the load's code and the watchdog's.
				run(load, new Setting(50, 16), scheduler);
				run(load, Setting.off(), scheduler);
				List<List<Result>> results = new ArrayList<>();
				settings.forEach((setting) -> results.add(new ArrayList<>()));
				for (int round = 0; round < rounds; round++) {
					for (int i = 0; i < settings.size(); i++) {
						int index = (round + i) % settings.size();
						results.get(index).add(run(load, settings.get(index), scheduler));
					}
				}
				System.out.printf(Locale.ROOT, "%s: %d concurrent calls%n%n", load.name, load.calls);
				System.out.println("| compensation | elapsed | fresh vthread start p50 | p99 | max | most carriers "
						+ "added | carriers added | CPU | watchdog's CPU |");
				System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
				for (int i = 0; i < settings.size(); i++) {
					List<Result> runs = results.get(i);
					System.out.printf(Locale.ROOT,
							"| %s | %.0f ms | %.1f ms | %.1f ms | %.1f ms | %.0f | %.0f | %.0f ms | %.1f ms |%n",
							settings.get(i), median(runs, Result::elapsedMillis), median(runs, Result::p50Millis),
							median(runs, Result::p99Millis), median(runs, Result::maxMillis),
							median(runs, Result::mostExtra), median(runs, Result::compensations),
							median(runs, Result::cpuMillis), median(runs, Result::watchdogCpuMillis));
				}
				System.out.println();
			}
		}
	}

	private static Result run(Load load, Setting setting, VirtualThreadScheduler scheduler) throws Exception {
		CarrierWatchdog watchdog = CarrierWatchdog.builder()
			.compensation(setting.after != null)
			.compensateAfter((setting.after != null) ? setting.after : CarrierWatchdog.DEFAULT_COMPENSATE_AFTER)
			.maxExtraCarriers(setting.maxExtra)
			.logger(QuietLogger.INSTANCE)
			.build();
		watchdog.start();
		try {
			Thread.sleep(200);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long watchdogThread = watchdogThreadId();
			long watchdogCpuBefore = threads.getThreadCpuTime(watchdogThread);
			ProcessCpu cpu = ProcessCpu.start();
			CountDownLatch done = new CountDownLatch(load.calls);
			AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
			long start = System.nanoTime();
			Thread.Builder callers = Thread.ofVirtual().name(load.name + "-", 1);
			for (int i = 0; i < load.calls; i++) {
				callers.start(() -> {
					try {
						load.call.run();
					}
					catch (Throwable ex) {
						failure.compareAndSet(null, ex);
					}
					finally {
						done.countDown();
					}
				});
			}
			ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
			List<Thread> probes = new ArrayList<>();
			AtomicInteger mostExtra = new AtomicInteger();
			while (!done.await(PROBE_INTERVAL.toNanos(), TimeUnit.NANOSECONDS)) {
				long handedAt = System.nanoTime();
				probes.add(Thread.startVirtualThread(() -> starts.add(System.nanoTime() - handedAt)));
				mostExtra.accumulateAndGet(watchdog.carriers().extra(), Math::max);
			}
			long elapsed = System.nanoTime() - start;
			for (Thread probe : probes) {
				probe.join();
			}
			long cpuNanos = cpu.elapsedNanos();
			long watchdogCpuNanos = threads.getThreadCpuTime(watchdogThread) - watchdogCpuBefore;
			Throwable ex = failure.get();
			if (ex != null) {
				throw new IllegalStateException("A " + load.name + " call failed", ex);
			}
			long[] sorted = starts.stream().mapToLong(Long::longValue).sorted().toArray();
			return new Result(elapsed / 1e6, percentile(sorted, 0.50), percentile(sorted, 0.99),
					percentile(sorted, 1.0), mostExtra.get(), watchdog.carriers().compensations(), cpuNanos / 1e6,
					watchdogCpuNanos / 1e6);
		}
		finally {
			watchdog.close();
			if (scheduler.parallelism() != 2) {
				throw new IllegalStateException("The parallelism was left at " + scheduler.parallelism());
			}
		}
	}

	private static long watchdogThreadId() {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals("tpool-watchdog")) {
				return thread.threadId();
			}
		}
		throw new IllegalStateException("The watchdog's thread is not running");
	}

	private static double percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(index, 0)] / 1e6;
	}

	private static double median(List<Result> runs, ToDoubleFunction<Result> value) {
		double[] values = runs.stream().mapToDouble(value).sorted().toArray();
		return values[values.length / 2];
	}

	/**
	 * Compensation's settings for a run: off, or on with a delay and a maximum.
	 */
	private record Setting(@Nullable Duration after, int maxExtra) {

		Setting(long afterMillis, int maxExtra) {
			this(Duration.ofMillis(afterMillis), maxExtra);
		}

		static Setting off() {
			return new Setting((Duration) null, 1);
		}

		@Override
		public String toString() {
			return (this.after != null) ? "after " + this.after.toMillis() + " ms, at most " + this.maxExtra : "off";
		}

	}

	/** The watchdog's WARN lines are not what is measured here. */
	private static final class QuietLogger implements System.Logger {

		static final QuietLogger INSTANCE = new QuietLogger();

		@Override
		public String getName() {
			return "quiet";
		}

		@Override
		public boolean isLoggable(Level level) {
			return false;
		}

		@Override
		public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String message,
				@Nullable Throwable thrown) {
		}

		@Override
		public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format,
				@Nullable Object... params) {
		}

	}

	private record Load(String name, int calls, Runnable call) {

	}

	private record Result(double elapsedMillis, double p50Millis, double p99Millis, double maxMillis, double mostExtra,
			double compensations, double cpuMillis, double watchdogCpuMillis) {

	}

}
