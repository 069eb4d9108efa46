package io.tpool.watchdog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.tpool.watchdog.CarrierCpuTime.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link CarrierCpuTime}, with CPU times set by the test.
 *
 * @since 0.2.0
 */
class CarrierCpuTimeTests {

	private final Map<Long, Long> cpuTimes = new HashMap<>();

	private final CarrierCpuTime cpuTime = new CarrierCpuTime((id) -> this.cpuTimes.getOrDefault(id, -1L));

	@Test
	void theShareIsTheCarriersCpuTimeOverTheirTimeInTheWindow() {
		this.cpuTimes.putAll(Map.of(1L, 1_000L, 2L, 5_000L));
		Window window = this.cpuTime.open(List.of(1L, 2L), 10_000);
		this.cpuTimes.putAll(Map.of(1L, 51_000L, 2L, 35_000L));
		assertThat(window.isMeasured()).isTrue();
		assertThat(window.elapsedNanos(110_000)).isEqualTo(100_000);
		assertThat(window.cpuShare(110_000)).isCloseTo(0.4, within(1e-9));
	}

	@Test
	void aCarrierThatEndedInTheWindowIsLeftOut() {
		this.cpuTimes.putAll(Map.of(1L, 0L, 2L, 0L));
		Window window = this.cpuTime.open(List.of(1L, 2L), 0);
		this.cpuTimes.put(1L, 1_000L);
		this.cpuTimes.remove(2L);
		assertThat(window.cpuShare(100_000)).isCloseTo(0.01, within(1e-9));
	}

	@Test
	void aCarrierWhoseCpuTimeCannotBeReadIsLeftOut() {
		this.cpuTimes.put(1L, 0L);
		Window window = this.cpuTime.open(List.of(1L, 2L), 0);
		this.cpuTimes.putAll(Map.of(1L, 100_000L, 2L, 0L));
		assertThat(window.cpuShare(100_000)).isCloseTo(1, within(1e-9));
	}

	@Test
	void withoutAnyCarrierMeasuredTheShareIsUnknown() {
		Window window = this.cpuTime.open(List.of(1L, 2L), 0);
		assertThat(window.isMeasured()).isFalse();
		assertThat(window.cpuShare(100_000)).isNaN();
	}

	@Test
	void inThisJvmAPlatformThreadThatWaitsSpendsLittleOfTheWindowOnACpu() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		Thread waiting = Thread.ofPlatform().start(() -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			long start = System.nanoTime();
			Window window = CarrierCpuTime.ofThisJvm().open(List.of(waiting.threadId()), start);
			Thread.sleep(50);
			assertThat(window.isMeasured()).isTrue();
			assertThat(window.cpuShare(System.nanoTime())).isLessThan(SchedulerSampler.BLOCKED_CPU_SHARE);
		}
		finally {
			release.countDown();
			waiting.join();
		}
	}

}
