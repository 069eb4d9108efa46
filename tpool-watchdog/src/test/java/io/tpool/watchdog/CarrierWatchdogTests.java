package io.tpool.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tpool.testsupport.NativeSleep;
import io.tpool.watchdog.CarrierWatchdog.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CarrierWatchdog} in a JVM with two carriers
 * ({@code -Djdk.virtualThreadScheduler.parallelism=2}): its thread, and what its WARN
 * line says when virtual threads call libc's {@code usleep} directly. What is a finding
 * and what is not: {@link CarrierWatchdogScenarioTests}.
 *
 * @since 0.1.0
 */
class CarrierWatchdogTests {

	private static final String SITE = NativeSleep.class.getName() + ".sleep";

	private static final String CALLER = CarrierWatchdogTests.class.getName() + ".callNativeCode";

	private static final Duration LOAD = Duration.ofMillis(1500);

	private final RecordingLogger log = new RecordingLogger();

	private final EpisodeCounts episodes = new EpisodeCounts();

	private final CarrierWatchdog watchdog = CarrierWatchdog.builder()
		.applicationPackages("io.tpool")
		.logger(this.log)
		.episodeCounter(this.episodes, "tpool.watchdog.starvations")
		.build();

	private final List<Thread> callers = new ArrayList<>();

	private volatile boolean stopCalling;

	@AfterEach
	void stopCallersAndWatchdog() throws InterruptedException {
		this.stopCalling = true;
		for (Thread caller : this.callers) {
			caller.join();
		}
		this.watchdog.stop();
	}

	@Test
	void onJdk25TheSourceIsTheSchedulerMXBean() {
		assertThat(this.watchdog.source()).isEqualTo(Source.SCHEDULER_MXBEAN);
		// A quarter of compensation's default delay, 2.5 ms, raised to the 5 ms minimum.
		assertThat(this.watchdog.samplePeriod()).isEqualTo(Duration.ofMillis(5));
	}

	@Test
	void nativeCallsHoldingEveryCarrierAreLoggedWithinTwoSecondsNamingTheirSiteAndCaller() {
		this.watchdog.start();
		startCallers(20, () -> callNativeCode(LOAD));
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.log.warnings())
				.anySatisfy((line) -> assertThat(line).contains("Carrier starvation at " + SITE + " (NativeSleep.java:")
					.contains("called from " + CALLER + "(CarrierWatchdogTests.java:")
					.contains("a virtual thread kept its carrier for ")
					.contains("@io.tpool.Offload")
					.contains("counted in tpool.watchdog.starvations")));
		assertThat(this.episodes.of(SITE)).isPositive();
	}

	@Test
	void nothingIsReportedWhenNothingIsStarved() throws InterruptedException {
		this.watchdog.start();
		Thread.sleep(LOAD);
		assertThat(this.watchdog.isRunning()).isTrue();
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.episodes.sites()).isZero();
		assertThat(this.watchdog.findings()).isEmpty();
	}

	@Test
	void startRunsOnePlatformDaemonThread() {
		this.watchdog.start();
		this.watchdog.start();
		Thread thread = this.watchdog.thread();
		assertThat(thread).isNotNull();
		assertThat(thread.isVirtual()).isFalse();
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getName()).isEqualTo(CarrierWatchdog.THREAD_NAME);
		assertThat(this.watchdog.isRunning()).isTrue();
	}

	@Test
	void stopEndsTheSamplerThread() {
		this.watchdog.start();
		Thread thread = this.watchdog.thread();
		assertThat(thread).isNotNull();
		this.watchdog.stop();
		assertThat(thread.isAlive()).isFalse();
		assertThat(this.watchdog.isRunning()).isFalse();
		assertThat(this.watchdog.thread()).isNull();
	}

	@Test
	void badSettingsAreRejectedNamingTheSettingAndTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> CarrierWatchdog.builder().threshold(Duration.ZERO))
			.withMessage("threshold must be positive, but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CarrierWatchdog.builder().compensateAfter(Duration.ofMillis(-1)))
			.withMessage("compensateAfter must be positive, but was PT-0.001S");
		assertThatIllegalArgumentException().isThrownBy(() -> CarrierWatchdog.builder().maxExtraCarriers(0))
			.withMessage("maxExtraCarriers must be from 1 to 256, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> CarrierWatchdog.builder().maxExtraCarriers(257))
			.withMessageContaining("but was 257");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CarrierWatchdog.builder()
				.threshold(Duration.ofMillis(100))
				.compensation(true)
				.compensateAfter(Duration.ofMillis(150))
				.build())
			.withMessage("compensateAfter must be at most the threshold (PT0.1S), but was PT0.15S");
		assertThat(CarrierWatchdog.builder()
			.threshold(Duration.ofMillis(100))
			.compensateAfter(Duration.ofMillis(150))
			.build()
			.isCompensationEnabled()).isFalse();
	}

	@Test
	void aPlainJavaApplicationStartsItAndClosesIt() {
		try (CarrierWatchdog watchdog = CarrierWatchdog.builder().build()) {
			watchdog.start();
			assertThat(watchdog.isRunning()).isTrue();
			assertThat(watchdog.carriers().compensation()).isFalse();
			assertThat(watchdog.carriers().parallelism()).isEqualTo(2);
		}
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().equals(CarrierWatchdog.THREAD_NAME) && thread.isAlive());
	}

	private void startCallers(int count, Runnable call) {
		for (int i = 0; i < count; i++) {
			this.callers.add(Thread.ofVirtual().name("caller-" + i).start(call));
		}
	}

	/**
	 * Holds its carrier in 20 ms native calls until stopped or {@code duration} is over.
	 */
	private void callNativeCode(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (!this.stopCalling && System.nanoTime() - end < 0) {
			NativeSleep.sleep(20);
		}
	}

}
