package io.tpool.watchdog;

import java.time.Duration;

import io.tpool.watchdog.CarrierWatchdog.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CarrierWatchdog} fed by JFR's {@code jdk.VirtualThreadPinned} events,
 * its source before JDK 24. On JDK 25 a virtual thread that blocks in a class initializer
 * still pins its carrier.
 *
 * @since 0.1.0
 */
class CarrierWatchdogJfrTests {

	private final RecordingLogger log = new RecordingLogger();

	private final CarrierWatchdog watchdog = CarrierWatchdog.builder()
		.threshold(Duration.ofMillis(100))
		.applicationPackages("io.tpool")
		.logger(this.log)
		.source(Source.JFR)
		.build();

	@AfterEach
	void stopWatchdog() {
		this.watchdog.stop();
	}

	@Test
	void aVirtualThreadPinnedInAClassInitializerIsReported() throws InterruptedException {
		this.watchdog.start();
		assertThat(this.watchdog.isRunning()).isTrue();
		Thread.ofVirtual().start(SlowToInitialize::touch).join();
		String site = SlowToInitialize.class.getName() + ".<clinit>";
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.log.all()).contains("Carrier starvation at " + site)
				.contains("a virtual thread stayed pinned to its carrier for"));
		assertThat(this.watchdog.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.site()).isEqualTo(site));
	}

	@Test
	void stopEndsTheJfrThread() {
		this.watchdog.start();
		Thread thread = this.watchdog.thread();
		assertThat(thread).isNotNull();
		this.watchdog.stop();
		assertThat(thread.isAlive()).isFalse();
		assertThat(this.watchdog.isRunning()).isFalse();
	}

	static final class SlowToInitialize {

		static {
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		static void touch() {
		}

	}

}
