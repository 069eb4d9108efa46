package io.tpool.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.testsupport.NativeSleep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for carrier compensation with real threads, in a JVM with two carriers
 * ({@code -Djdk.virtualThreadScheduler.parallelism=2}): a carrier is added for each
 * carrier that a virtual thread holds while others wait, never more than the maximum, and
 * they go once the holds end; short work that saturates the carriers adds none.
 */
class CarrierCompensationTests {

	private static final Duration HANG = Duration.ofSeconds(60);

	private static final Duration AFTER = Duration.ofMillis(50);

	private final VirtualThreadScheduler scheduler = requireScheduler();

	private final RecordingLogger log = new RecordingLogger();

	private final List<CarrierWatchdog> watchdogs = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicBoolean holding = new AtomicBoolean(true);

	private int base;

	@BeforeEach
	void recordTheParallelism() {
		this.base = this.scheduler.parallelism();
		assertThat(this.base).isEqualTo(2);
	}

	@AfterEach
	void stopEverything() throws InterruptedException {
		this.holding.set(false);
		for (Thread thread : this.threads) {
			thread.join(Duration.ofSeconds(10));
		}
		this.watchdogs.forEach(CarrierWatchdog::close);
		assertThat(this.scheduler.parallelism()).as("the parallelism after every watchdog closed").isEqualTo(this.base);
	}

	/**
	 * What compensation builds on: a raise of the parallelism starts a carrier for a
	 * virtual thread that waits behind held ones. The JDK starts carriers on demand, when
	 * a virtual thread is submitted to an empty queue; its own {@code setParallelism}
	 * submits one from the calling thread, whose queue holds waiting virtual threads
	 * here, so alone it starts no carrier until a held one frees up.
	 */
	@Test
	void aRaiseOfTheParallelismGivesAVirtualThreadThatWaitsBehindHeldCarriersACarrier() throws Exception {
		holdEveryCarrier(this.base);
		CountDownLatch ran = new CountDownLatch(1);
		this.threads.add(Thread.ofVirtual().start(ran::countDown));
		assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("ran while every carrier was held").isFalse();
		try {
			this.scheduler.setParallelism(this.base + 1);
			assertThat(ran.await(1, TimeUnit.SECONDS)).as("ran once a carrier was added").isTrue();
		}
		finally {
			this.scheduler.setParallelism(this.base);
		}
	}

	@Test
	void aCarrierIsAddedForEachHeldOneSoThatAFreshVirtualThreadRunsAndTheyGoOnceTheHoldsEnd() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = watchdog(4);
			holdEveryCarrier(this.base);
			await().atMost(Duration.ofSeconds(2))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> watchdog.carriers().extra() == this.base);
			assertThat(this.scheduler.parallelism()).isEqualTo(2 * this.base);
			assertThat(freshVirtualThreadStart()).isLessThan(Duration.ofMillis(100));
			CarrierState carriers = watchdog.carriers();
			assertThat(carriers.baseParallelism()).isEqualTo(this.base);
			assertThat(carriers.maxExtra()).isEqualTo(4);
			assertThat(carriers.compensation()).isTrue();
			assertThat(carriers.compensations()).isGreaterThanOrEqualTo(this.base);
			this.holding.set(false);
			await().atMost(Duration.ofSeconds(2)).until(() -> watchdog.carriers().extra() == 0);
			assertThat(this.scheduler.parallelism()).isEqualTo(this.base);
		});
	}

	@Test
	void aCpuLoopThatHoldsItsCarrierIsCompensatedToo() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = watchdog(4);
			for (int i = 0; i < this.base; i++) {
				this.threads.add(Thread.ofVirtual().start(() -> {
					while (this.holding.get()) {
						Thread.onSpinWait();
					}
				}));
			}
			waitingVirtualThreads(10);
			await().atMost(Duration.ofSeconds(2)).until(() -> watchdog.carriers().extra() == this.base);
		});
	}

	@Test
	void virtualThreadsPinnedInAClassInitializerAreCompensated() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = watchdog(4);
			// One sleeps in the initializer, the other waits for it: both pinned, using
			// no
			// CPU, neither in native code.
			for (int i = 0; i < this.base; i++) {
				this.threads.add(Thread.ofVirtual().start(SlowToInitialize::touch));
				Thread.sleep(20);
			}
			waitingVirtualThreads(10);
			await().atMost(Duration.ofSeconds(3)).until(() -> watchdog.carriers().extra() == this.base);
		});
	}

	@Test
	void compensationNeverAddsMoreThanItsMaximum() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = watchdog(3);
			// Twenty holders: every carrier added is held in turn.
			holdEveryCarrier(20);
			await().atMost(Duration.ofSeconds(3)).until(() -> watchdog.carriers().extra() == 3);
			for (int i = 0; i < 20; i++) {
				assertThat(this.scheduler.parallelism()).isLessThanOrEqualTo(this.base + 3);
				Thread.sleep(20);
			}
		});
	}

	@Test
	void shortWorkThatSaturatesTheCarriersIsNotCompensated() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = watchdog(4);
			List<Thread> shortTasks = new ArrayList<>();
			for (int i = 0; i < 20_000; i++) {
				shortTasks.add(Thread.ofVirtual().start(() -> computeFor(Duration.ofMillis(1))));
			}
			long maxExtra = 0;
			for (Thread task : shortTasks) {
				task.join();
				maxExtra = Math.max(maxExtra, watchdog.carriers().extra());
			}
			assertThat(maxExtra).isZero();
			assertThat(watchdog.carriers().compensations()).isZero();
		});
	}

	@Test
	void heldCarriersAreStillNamedByTheWatchdog() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = watchdog(4);
			holdEveryCarrier(this.base);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !watchdog.findings().isEmpty() && watchdog.carriers().extra() > 0);
			assertThat(watchdog.findings()).extracting(StarvationFinding::site)
				.contains(NativeSleep.class.getName() + ".sleep");
		});
	}

	@Test
	void watchdogsShareOneCompensatorAndTheLastToCloseRestoresTheParallelism() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog first = watchdog(1);
			CarrierWatchdog second = watchdog(4);
			holdEveryCarrier(this.base);
			await().atMost(Duration.ofSeconds(2)).until(() -> this.scheduler.parallelism() == 2 * this.base);
			assertThat(first.carriers().extra()).isEqualTo(this.base);
			first.close();
			assertThat(this.scheduler.parallelism()).isEqualTo(2 * this.base);
			this.holding.set(false);
			await().atMost(Duration.ofSeconds(2)).until(() -> this.scheduler.parallelism() == this.base);
			second.close();
			assertThat(this.scheduler.parallelism()).isEqualTo(this.base);
		});
	}

	@Test
	void withoutCompensationNothingIsAdded() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = CarrierWatchdog.builder().logger(this.log).build();
			this.watchdogs.add(watchdog);
			watchdog.start();
			holdEveryCarrier(this.base);
			Thread.sleep(300);
			assertThat(this.scheduler.parallelism()).isEqualTo(this.base);
			assertThat(watchdog.carriers()).isEqualTo(new CarrierState(this.base, this.base, 0, 0, false, 0));
		});
	}

	@Test
	void compensationSwitchedOnWhileTheWatchdogRunsAddsCarriersAndSwitchedOffTakesThemAway() {
		assertTimeoutPreemptively(HANG, () -> {
			CarrierWatchdog watchdog = CarrierWatchdog.builder()
				.applicationPackages("io.tpool")
				.logger(this.log)
				.compensateAfter(AFTER)
				.build();
			this.watchdogs.add(watchdog);
			watchdog.start();
			holdEveryCarrier(this.base);
			Thread.sleep(300);
			assertThat(watchdog.carriers().compensation()).isFalse();
			assertThat(this.scheduler.parallelism()).isEqualTo(this.base);
			watchdog.setCompensationEnabled(true);
			await().atMost(Duration.ofSeconds(2)).until(() -> watchdog.carriers().extra() == this.base);
			assertThat(watchdog.isCompensationEnabled()).isTrue();
			watchdog.setCompensationEnabled(false);
			assertThat(this.scheduler.parallelism()).isEqualTo(this.base);
			assertThat(watchdog.carriers().compensation()).isFalse();
		});
	}

	private CarrierWatchdog watchdog(int maxExtra) {
		CarrierWatchdog watchdog = CarrierWatchdog.builder()
			.applicationPackages("io.tpool")
			.logger(this.log)
			.compensation(true)
			.compensateAfter(AFTER)
			.maxExtraCarriers(maxExtra)
			.build();
		this.watchdogs.add(watchdog);
		watchdog.start();
		return watchdog;
	}

	/**
	 * Starts virtual threads that hold their carriers in native calls until the test
	 * ends, and others that wait behind them.
	 */
	private void holdEveryCarrier(int holders) throws InterruptedException {
		CountDownLatch holdingNow = new CountDownLatch(Math.min(holders, this.base));
		for (int i = 0; i < holders; i++) {
			this.threads.add(Thread.ofVirtual().start(() -> {
				holdingNow.countDown();
				holdNatively();
			}));
		}
		assertThat(holdingNow.await(10, TimeUnit.SECONDS)).isTrue();
		waitingVirtualThreads(10);
	}

	private void holdNatively() {
		while (this.holding.get()) {
			NativeSleep.sleep(10);
		}
	}

	private void waitingVirtualThreads(int count) {
		for (int i = 0; i < count; i++) {
			this.threads.add(Thread.ofVirtual().start(() -> {
				while (this.holding.get()) {
					try {
						Thread.sleep(5);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}));
		}
	}

	private static Duration freshVirtualThreadStart() throws InterruptedException {
		long[] started = new long[1];
		long handedAt = System.nanoTime();
		Thread.startVirtualThread(() -> started[0] = System.nanoTime()).join();
		return Duration.ofNanos(started[0] - handedAt);
	}

	private static long computeFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		long sum = 0;
		long now;
		while ((now = System.nanoTime()) - end < 0) {
			sum += now ^ (sum >>> 7);
		}
		return sum;
	}

	/**
	 * A class whose initializer sleeps: its users wait for it, pinned to their carriers.
	 */
	static final class SlowToInitialize {

		static {
			try {
				Thread.sleep(3_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private SlowToInitialize() {
		}

		static void touch() {
		}

	}

	private static VirtualThreadScheduler requireScheduler() {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		assertThat(scheduler).as("the scheduler's MXBean (JDK 24 and later)").isNotNull();
		return scheduler;
	}

}
