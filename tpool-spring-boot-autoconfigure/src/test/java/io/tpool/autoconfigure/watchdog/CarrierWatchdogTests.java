package io.tpool.autoconfigure.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tpool.testsupport.NativeSleep;
import io.tpool.autoconfigure.watchdog.CarrierWatchdog.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

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
@ExtendWith(OutputCaptureExtension.class)
class CarrierWatchdogTests {

	private static final String SITE = NativeSleep.class.getName() + ".sleep";

	private static final String CALLER = CarrierWatchdogTests.class.getName() + ".callNativeCode";

	private static final Duration LOAD = Duration.ofMillis(1500);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CarrierWatchdog watchdog = new CarrierWatchdog(CarrierWatchdog.DEFAULT_THRESHOLD, this.registry);

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
		assertThat(this.watchdog.samplePeriod()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void nativeCallsHoldingEveryCarrierAreLoggedWithinTwoSecondsNamingTheirSiteAndCaller(CapturedOutput output) {
		this.watchdog.start();
		startCallers(20, () -> callNativeCode(LOAD));
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(output.getOut()).contains("WARN")
				.contains("Carrier starvation at " + SITE + " (NativeSleep.java:")
				.contains("called from " + CALLER + "(CarrierWatchdogTests.java:")
				.contains("a virtual thread kept its carrier for ")
				.contains("@io.tpool.Offload"));
	}

	@Test
	void nothingIsReportedWhenNothingIsStarved(CapturedOutput output) throws InterruptedException {
		this.watchdog.start();
		Thread.sleep(LOAD);
		assertThat(this.watchdog.isRunning()).isTrue();
		assertThat(output.getOut()).doesNotContain("Carrier starvation");
		assertThat(this.registry.find(CarrierWatchdog.STARVATIONS_METER).counters()).isEmpty();
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
	void aThresholdThatIsNotPositiveIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CarrierWatchdog(Duration.ZERO, null))
			.withMessageContaining("threshold")
			.withMessageContaining("PT0S");
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
