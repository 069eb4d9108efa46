package io.tpool.watchdog;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import io.tpool.Tpool;
import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.testsupport.NativeSleep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The carrier watchdog's labelled scenarios, run with real threads in a JVM with two
 * carriers ({@code -Djdk.virtualThreadScheduler.parallelism=2}) and the default
 * threshold: a virtual thread that keeps one carrier past the threshold is a finding
 * (starvation), and so are carriers that stay blocked, or in native code, past it, one
 * short native call after the other; virtual threads that keep every carrier busy
 * computing in Java while others queue, but each give their carrier back within the
 * threshold, are not (saturation).
 * <p>
 * The README's watchdog section reports these scenarios' results; keep the two in step.
 *
 * @since 0.2.0
 */
class CarrierWatchdogScenarioTests {

	/**
	 * Generous: the loads last 1 to 4 s, the short computations 10 s on an idle machine
	 * and up to three times as long on a busy one.
	 */
	private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(120);

	/** How long the starving scenarios keep a carrier: five times the threshold. */
	private static final Duration HOLD = Duration.ofSeconds(1);

	/** Time for a dump cycle that began before the load ended to report. */
	private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

	/** What {@link #compressOnce()} compresses: random bytes, 1 MB. */
	private static final byte[] INCOMPRESSIBLE = incompressible(1 << 20);

	private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
			Runtime.getRuntime().availableProcessors());

	private final RecordingLogger log = new RecordingLogger();

	private final EpisodeCounts episodes = new EpisodeCounts();

	private final CarrierWatchdog watchdog = CarrierWatchdog.builder()
		.applicationPackages("io.tpool")
		.logger(this.log)
		.episodeCounter(this.episodes, null)
		.build();

	/**
	 * In an application the watchdog runs long before carriers starve, its dump's classes
	 * loaded: the scenarios start from there, not from a JVM in which the first dump, on
	 * cores that the loads keep busy, would take most of a 1 s hold to load them.
	 */
	@BeforeAll
	static void loadTheDumpsClasses() throws IOException {
		CarrierHolderDump dump = CarrierHolderDump.create();
		dump.warmUp();
		dump.take();
	}

	@AfterEach
	void stopWatchdog() {
		this.watchdog.stop();
	}

	/**
	 * (a) Native {@code usleep} calls made directly, each virtual thread calling for 1 s
	 * without parking in between.
	 */
	@Test
	void nativeCallsThatKeepTheirCarriersPastTheThresholdAreAFindingAtTheNativeCallSite() {
		String site = NativeSleep.class.getName() + ".sleep";
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			this.watchdog.start();
			joinAll(startVirtualThreads(2 * CARRIERS, () -> callNativeCodeFor(HOLD)));
			awaitFinding(site);
		});
		assertThat(this.log.all()).contains("Carrier starvation at " + site);
		assertThat(starvations(site)).isOne();
		assertThat(this.watchdog.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.callers()).first()
				.asString()
				.startsWith(CarrierWatchdogScenarioTests.class.getName() + ".callNativeCodeFor("));
	}

	/**
	 * (b) A CPU loop that runs 1 s without yielding on each carrier, while other virtual
	 * threads queue behind the loops.
	 */
	@Test
	void aLoopThatKeepsItsCarrierPastTheThresholdIsAFindingAtTheLoopsMethod() {
		String site = CarrierWatchdogScenarioTests.class.getName() + ".computeFor";
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			this.watchdog.start();
			CountDownLatch looping = new CountDownLatch(CARRIERS);
			List<Thread> loops = startVirtualThreads(CARRIERS, () -> {
				looping.countDown();
				computeFor(HOLD);
			});
			looping.await();
			List<Thread> queued = startVirtualThreads(10, () -> {
			});
			joinAll(loops);
			joinAll(queued);
			awaitFinding(site);
		});
		assertThat(this.log.all()).contains("Carrier starvation at " + site);
		assertThat(starvations(site)).isOne();
	}

	/**
	 * (c) 20,000 virtual threads, each computing for about 1 ms: both carriers stay busy
	 * for seconds while thousands queue, which is what the watchdog used to report, but
	 * no virtual thread keeps a carrier for long.
	 */
	@Test
	void manyShortComputationsThatKeepEveryCarrierBusyWhileOthersQueueAreNoFinding() {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		assertThat(scheduler).isNotNull();
		StarvedStretch starved = new StarvedStretch(scheduler);
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			this.watchdog.start();
			starved.start();
			try {
				joinAll(startVirtualThreads(20_000, () -> computeFor(Duration.ofMillis(1))));
			}
			finally {
				starved.stop();
			}
		});
		// The scenario met the old trigger: every carrier mounted, others queued, longer
		// than the threshold.
		assertThat(starved.longest()).isGreaterThan(this.watchdog.threshold().multipliedBy(5));
		assertNoFinding();
	}

	/**
	 * (d) The native calls of (a), offloaded to a {@link Tpool}: the callers park while
	 * the pool's threads make the calls.
	 */
	@Test
	void theSameNativeCallsOffloadedToATpoolAreNoFinding() {
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			try (Tpool pool = Tpool.builder().name("scenario").size(20).build()) {
				this.watchdog.start();
				joinAll(startVirtualThreads(20, () -> pool.execute(() -> callNativeCodeFor(HOLD))));
			}
		});
		assertNoFinding();
	}

	/**
	 * (e) A virtual thread spins in a class's static initializer for 1 s while other
	 * virtual threads that use the class wait for it, pinned to their carriers.
	 */
	@Test
	void aClassInitializerThatKeepsItsCarrierPastTheThresholdIsAFinding() {
		String site = SpinsWhileInitializing.class.getName() + ".<clinit>";
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			this.watchdog.start();
			joinAll(startVirtualThreads(2 * CARRIERS, CarrierWatchdogScenarioTests::useClassBeingInitialized));
			awaitFinding(site);
		});
		assertThat(this.log.all()).contains("Carrier starvation at " + site);
		assertThat(starvations(site)).isOne();
	}

	/**
	 * (f) 400 virtual threads, each making one 20 ms {@code usleep} call directly: none
	 * keeps its carrier past the threshold, but the carriers stay blocked in native code,
	 * one call after the other, for 4 s while the others wait (the demo's direct run).
	 */
	@Test
	void manyShortNativeCallsThatKeepTheCarriersBlockedAreAFindingAtTheNativeCallSite() {
		String site = NativeSleep.class.getName() + ".sleep";
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			this.watchdog.start();
			joinAll(startVirtualThreads(400, CarrierWatchdogScenarioTests::callNativeCodeOnce));
			awaitFinding(site);
		});
		assertThat(this.log.all()).contains("Carrier starvation at " + site).contains("carriers blocked, ");
		assertThat(starvations(site)).isOne();
		assertThat(this.watchdog.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.callers()).first()
				.asString()
				.startsWith(CarrierWatchdogScenarioTests.class.getName() + ".callNativeCodeOnce("));
	}

	/**
	 * (g) 100 virtual threads, each compressing 1 MB once with {@link Deflater}: one call
	 * into zlib through JNI that computes for about 30 ms, none near the threshold, and
	 * carriers busy on a CPU, not blocked; but the carriers stay in native code, one call
	 * after the other, while the others wait, as with 50 direct DuckDB queries.
	 */
	@Test
	void manyShortNativeComputationsThatKeepTheCarriersInNativeCodeAreAFindingAtTheirCallSite() {
		String site = CarrierWatchdogScenarioTests.class.getName() + ".compressOnce";
		assertTimeoutPreemptively(SCENARIO_TIMEOUT, () -> {
			this.watchdog.start();
			joinAll(startVirtualThreads(100, CarrierWatchdogScenarioTests::compressOnce));
			awaitFinding(site);
		});
		assertThat(this.log.all()).contains("Carrier starvation at " + site)
			.contains("carriers in native code for ")
			.contains("found these virtual threads on them in native methods");
		assertThat(starvations(site)).isOne();
	}

	private void awaitFinding(String site) {
		await().atMost(REPORT_WAIT)
			.untilAsserted(
					() -> assertThat(this.watchdog.findings()).extracting(StarvationFinding::site).contains(site));
	}

	private void assertNoFinding() {
		assertThat(this.watchdog.isRunning()).isTrue();
		assertThat(this.watchdog.findings()).isEmpty();
		assertThat(this.episodes.sites()).isZero();
		assertThat(this.log.all()).doesNotContain("Carrier starvation");
	}

	private int starvations(String site) {
		return this.episodes.of(site);
	}

	private static List<Thread> startVirtualThreads(int count, Runnable task) {
		List<Thread> threads = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			threads.add(Thread.ofVirtual().start(task));
		}
		return threads;
	}

	private static void joinAll(List<Thread> threads) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join();
		}
	}

	/** Holds the carrier in 20 ms native calls, never parking in between. */
	private static void callNativeCodeFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() - end < 0) {
			NativeSleep.sleep(20);
		}
	}

	/** Holds the carrier in one 20 ms native call. */
	private static void callNativeCodeOnce() {
		NativeSleep.sleep(20);
	}

	/**
	 * Computes until {@code duration} has passed: a deadline rather than a fixed amount
	 * of work, so that the scenarios last as long on a busy machine.
	 */
	private static long computeFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		long sum = 0;
		long now;
		while ((now = System.nanoTime()) - end < 0) {
			sum += now ^ (sum >>> 7);
		}
		return sum;
	}

	/** Computes in native code: one call into zlib, about 30 ms on an idle machine. */
	private static void compressOnce() {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		try {
			deflater.setInput(INCOMPRESSIBLE);
			deflater.finish();
			deflater.deflate(new byte[INCOMPRESSIBLE.length + 1024]);
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] incompressible(int length) {
		byte[] bytes = new byte[length];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	private static void useClassBeingInitialized() {
		SpinsWhileInitializing.use();
	}

	/**
	 * A class whose initializer keeps its virtual thread's carrier: other threads that
	 * use it wait, and virtual threads wait pinned.
	 */
	static final class SpinsWhileInitializing {

		static {
			long end = System.nanoTime() + HOLD.toNanos();
			while (System.nanoTime() - end < 0) {
				Thread.onSpinWait();
			}
		}

		private SpinsWhileInitializing() {
		}

		static void use() {
		}

	}

	/**
	 * Measures, apart from the watchdog, the longest stretch in which every carrier was
	 * mounted while virtual threads queued.
	 */
	private static final class StarvedStretch {

		private final VirtualThreadScheduler scheduler;

		private final Thread thread;

		private volatile boolean stopped;

		private volatile long longestNanos;

		StarvedStretch(VirtualThreadScheduler scheduler) {
			this.scheduler = scheduler;
			this.thread = Thread.ofPlatform().daemon().name("starved-stretch").unstarted(this::sample);
		}

		void start() {
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.stopped = true;
			this.thread.join();
		}

		Duration longest() {
			return Duration.ofNanos(this.longestNanos);
		}

		private void sample() {
			long since = -1;
			while (!this.stopped) {
				long now = System.nanoTime();
				if (this.scheduler.sample().starved()) {
					since = (since < 0) ? now : since;
					this.longestNanos = Math.max(this.longestNanos, now - since);
				}
				else {
					since = -1;
				}
				try {
					TimeUnit.MILLISECONDS.sleep(10);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

	}

}
