package io.tpool.autoconfigure.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tpool.testsupport.NativeSleep;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TpoolWatchdogAutoConfiguration}.
 *
 * @author tpool
 */
class TpoolWatchdogAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolWatchdogAutoConfiguration.class));

	@Test
	void watchdogRunsWhileTheContextRunsWithTheDefaultThreshold() {
		this.contextRunner.run((context) -> {
			CarrierWatchdog watchdog = context.getBean(CarrierWatchdog.class);
			assertThat(watchdog.isRunning()).isTrue();
			assertThat(watchdog.threshold()).isEqualTo(Duration.ofMillis(200));
			assertThat(watchdog.source()).isEqualTo(CarrierWatchdog.Source.SCHEDULER_MXBEAN);
			assertThat(threadAlive()).isTrue();
		});
		assertThat(threadAlive()).isFalse();
	}

	@Test
	void thresholdIsConfigurable() {
		this.contextRunner.withPropertyValues("tpool.watchdog.threshold=500ms")
			.run((context) -> assertThat(context.getBean(CarrierWatchdog.class).threshold())
				.isEqualTo(Duration.ofMillis(500)));
	}

	@Test
	void watchdogCountsStarvationsInTheApplicationsMeterRegistry() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				List<Thread> callers = new ArrayList<>();
				long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
				for (int i = 0; i < 10; i++) {
					callers.add(Thread.ofVirtual().start(() -> {
						while (System.nanoTime() - end < 0) {
							NativeSleep.sleep(20);
						}
					}));
				}
				try {
					await().atMost(Duration.ofSeconds(2))
						.untilAsserted(() -> assertThat(registry.find(CarrierWatchdog.STARVATIONS_METER)
							.tag("site", NativeSleep.class.getName() + ".sleep")
							.counter()).isNotNull());
				}
				finally {
					for (Thread caller : callers) {
						caller.join();
					}
				}
			});
	}

	@Test
	void watchdogUsesTheApplicationsMeterRegistry() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(CarrierWatchdog.class).isMetered()).isTrue());
	}

	@Test
	void watchdogWithoutAMeterRegistryCountsNothing() {
		this.contextRunner.run((context) -> assertThat(context.getBean(CarrierWatchdog.class).isMetered()).isFalse());
	}

	@Test
	void watchdogWorksWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CarrierWatchdog.class);
				CarrierWatchdog watchdog = context.getBean(CarrierWatchdog.class);
				assertThat(watchdog.isRunning()).isTrue();
				// A registry the application made without Micrometer on its class path is
				// left alone
				assertThat(watchdog.isMetered()).isFalse();
			});
	}

	@Test
	void watchdogBacksOffForTheApplicationsOwn() {
		CarrierWatchdog own = new CarrierWatchdog(Duration.ofSeconds(1), null);
		this.contextRunner.withBean(CarrierWatchdog.class, () -> own)
			.run((context) -> assertThat(context).getBean(CarrierWatchdog.class).isSameAs(own));
	}

	@Test
	void watchdogBacksOffWhenDisabled() {
		this.contextRunner.withPropertyValues("tpool.watchdog.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CarrierWatchdog.class));
	}

	@Test
	void watchdogBacksOffWhenTheStarterIsDisabled() {
		this.contextRunner.withPropertyValues("tpool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CarrierWatchdog.class));
	}

	private static boolean threadAlive() {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().equals("tpool-watchdog"));
	}

}
