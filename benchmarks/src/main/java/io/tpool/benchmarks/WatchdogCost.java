package io.tpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

import io.tpool.Tpool;
import io.tpool.watchdog.CarrierWatchdog;
import io.tpool.testsupport.NativeSleep;

/**
 * The carrier watchdog's cost when nothing is starved: the CPU time of its sampler
 * thread, read from the JVM, while the application idles, while 200 virtual callers keep
 * a 20-thread pool busy with 20 ms native calls (the carriers stay free), and while
 * virtual threads that compute for 1 ms each keep every carrier busy with 1,000 more
 * queued (saturation: the watchdog takes thread dumps to tell it from starvation). Prints
 * a Markdown table. Run it with {@code --enable-native-access=ALL-UNNAMED
 * -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @since 0.1.0
 */
public final class WatchdogCost {

	private static final Duration WARM_UP = Duration.ofSeconds(2);

	private static final Duration MEASURED = Duration.ofSeconds(10);

	private static final Duration[] THRESHOLDS = { Duration.ofMillis(200), Duration.ofMillis(40) };

	private static final int SATURATING_THREADS = 1_000;

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
			for (Load load : Load.values()) {
				measure(threshold, load);
			}
		}
	}

	private static void measure(Duration threshold, Load load) throws Exception {
		CarrierWatchdog watchdog = CarrierWatchdog.builder().threshold(threshold).build();
		try (Tpool pool = Tpool.builder().name("cost").size(20).build()) {
			long end = System.nanoTime() + WARM_UP.plus(MEASURED).toNanos();
			List<Thread> loadThreads = switch (load) {
				case IDLE -> List.of();
				case OFFLOADED -> offloadedNativeCalls(pool, end);
				case SATURATED -> List.of(Thread.ofPlatform().start(() -> shortComputations(end)));
			};
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
						watchdog.samplePeriod().toMillis(), load.description, cpu / 1e6 * MEASURED.toNanos() / wall,
						100.0 * cpu / wall, watchdog.findings().size());
			}
			finally {
				watchdog.stop();
				for (Thread thread : loadThreads) {
					thread.join();
				}
			}
		}
	}

	private static List<Thread> offloadedNativeCalls(Tpool pool, long end) {
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			callers.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() - end < 0) {
					pool.execute(() -> NativeSleep.sleep(20));
				}
			}));
		}
		return callers;
	}

	/**
	 * Keeps {@value #SATURATING_THREADS} virtual threads alive, each computing for 1 ms:
	 * two run, the others wait for a carrier. Started from a platform thread, which does
	 * not need a carrier to start more.
	 */
	private static void shortComputations(long end) {
		Semaphore alive = new Semaphore(SATURATING_THREADS);
		while (System.nanoTime() - end < 0) {
			alive.acquireUninterruptibly();
			Thread.ofVirtual().start(() -> {
				try {
					compute(Duration.ofMillis(1));
				}
				finally {
					alive.release();
				}
			});
		}
		alive.acquireUninterruptibly(SATURATING_THREADS);
	}

	private static long compute(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		long sum = 0;
		long now;
		while ((now = System.nanoTime()) - end < 0) {
			sum += now ^ (sum >>> 7);
		}
		return sum;
	}

	private static long samplerThreadId() {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals("tpool-watchdog")) {
				return thread.threadId();
			}
		}
		throw new IllegalStateException("The watchdog's thread is not running");
	}

	private enum Load {

		IDLE("idle"),

		OFFLOADED("200 callers, 20 ms native calls offloaded to 20 threads"),

		SATURATED("carriers kept busy by 1 ms computations, 1,000 virtual threads alive");

		private final String description;

		Load(String description) {
			this.description = description;
		}

	}

}
