package io.tpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tpool.Tpool;
import io.tpool.autoconfigure.watchdog.CarrierWatchdog;
import io.tpool.testsupport.NativeSleep;

/**
 * The carrier watchdog's cost when nothing is starved: the CPU time of its sampler
 * thread, read from the JVM, while the application idles and while 200 virtual callers
 * keep a 20-thread pool busy with 20 ms native calls (the carriers stay free). Prints a
 * Markdown table. Run it with {@code --enable-native-access=ALL-UNNAMED
 * -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @author tpool
 */
public final class WatchdogCost {

	private static final Duration WARM_UP = Duration.ofSeconds(2);

	private static final Duration MEASURED = Duration.ofSeconds(10);

	private static final Duration[] THRESHOLDS = { Duration.ofMillis(200), Duration.ofMillis(40) };

	private WatchdogCost() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("carriers: %s, cores: %d, JDK %s%n%n",
				System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
				Runtime.getRuntime().availableProcessors(), Runtime.version());
		System.out
			.println("| threshold | sample period | load | watchdog CPU over 10 s | share of one core | findings |");
		System.out.println("|---|---:|---|---:|---:|---:|");
		for (Duration threshold : THRESHOLDS) {
			measure(threshold, false);
			measure(threshold, true);
		}
	}

	private static void measure(Duration threshold, boolean offloadedLoad) throws Exception {
		CarrierWatchdog watchdog = new CarrierWatchdog(threshold, null);
		try (Tpool pool = Tpool.builder().name("cost").size(20).build()) {
			List<Thread> callers = new ArrayList<>();
			Duration runFor = WARM_UP.plus(MEASURED);
			if (offloadedLoad) {
				long end = System.nanoTime() + runFor.toNanos();
				for (int i = 0; i < 200; i++) {
					callers.add(Thread.ofVirtual().start(() -> {
						while (System.nanoTime() - end < 0) {
							pool.execute(() -> NativeSleep.sleep(20));
						}
					}));
				}
			}
			watchdog.start();
			try {
				Thread.sleep(WARM_UP);
				long sampler = samplerThreadId();
				ThreadMXBean threads = ManagementFactory.getThreadMXBean();
				long cpuBefore = threads.getThreadCpuTime(sampler);
				long wallBefore = System.nanoTime();
				Thread.sleep(MEASURED);
				long cpu = threads.getThreadCpuTime(sampler) - cpuBefore;
				long wall = System.nanoTime() - wallBefore;
				System.out.printf(Locale.ROOT, "| %d ms | %d ms | %s | %.1f ms | %.2f%% | %d |%n", threshold.toMillis(),
						watchdog.samplePeriod().toMillis(),
						offloadedLoad ? "200 callers, 20 ms native calls offloaded to 20 threads" : "idle",
						cpu / 1e6 * MEASURED.toNanos() / wall, 100.0 * cpu / wall, watchdog.findings().size());
			}
			finally {
				watchdog.stop();
				for (Thread caller : callers) {
					caller.join();
				}
			}
		}
	}

	private static long samplerThreadId() {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals("tpool-watchdog")) {
				return thread.threadId();
			}
		}
		throw new IllegalStateException("The watchdog's thread is not running");
	}

}
