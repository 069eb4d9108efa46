package io.tpool.autoconfigure.watchdog;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tpool.testsupport.NativeSleep;
import io.tpool.autoconfigure.PoolProperties;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.TpoolProperties;
import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.watchdog.CarrierWatchdog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TpoolWatchdogAutoConfiguration}.
 *
 * @since 0.1.0
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
		this.contextRunner.withUserConfiguration(ApplicationPackages.class)
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
						.untilAsserted(() -> assertThat(registry.find(TpoolWatchdogAutoConfiguration.STARVATIONS_METER)
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
	void compensationsMetersAreInTheApplicationsMeterRegistry() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(CarrierMetrics.EXTRA_METER).gauge().value()).isZero();
				assertThat(registry.get(CarrierMetrics.COMPENSATIONS_METER).functionCounter().count()).isZero();
			});
	}

	@Test
	void watchdogWorksWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CarrierWatchdog.class);
				assertThat(context).doesNotHaveBean(CarrierMetrics.class);
				assertThat(context.getBean(CarrierWatchdog.class).isRunning()).isTrue();
			});
	}

	@Test
	void compensationIsOnByDefaultWithTheDefaultDelayAndMaximum() {
		this.contextRunner.run((context) -> {
			CarrierWatchdog watchdog = context.getBean(CarrierWatchdog.class);
			assertThat(watchdog.isCompensationEnabled()).isTrue();
			assertThat(watchdog.compensateAfter()).isEqualTo(CarrierWatchdog.DEFAULT_COMPENSATE_AFTER);
			assertThat(watchdog.carriers()).satisfies((carriers) -> {
				assertThat(carriers.compensation()).isTrue();
				assertThat(carriers.maxExtra()).isEqualTo(CarrierWatchdog.DEFAULT_MAX_EXTRA_CARRIERS);
				assertThat(carriers.extra()).isZero();
				assertThat(carriers.parallelism()).isEqualTo(carriers.baseParallelism());
			});
		});
	}

	@Test
	void compensationIsConfigurableAndCanBeSwitchedOff() {
		this.contextRunner
			.withPropertyValues("tpool.watchdog.compensation.after=20ms",
					"tpool.watchdog.compensation.max-extra-carriers=3")
			.run((context) -> {
				CarrierWatchdog watchdog = context.getBean(CarrierWatchdog.class);
				assertThat(watchdog.compensateAfter()).isEqualTo(Duration.ofMillis(20));
				assertThat(watchdog.carriers().maxExtra()).isEqualTo(3);
			});
		this.contextRunner.withPropertyValues("tpool.watchdog.compensation.enabled=false")
			.run((context) -> assertThat(context.getBean(CarrierWatchdog.class).carriers().compensation()).isFalse());
	}

	@Test
	void aThresholdShorterThanTheDefaultDelayShortensTheDelay() {
		this.contextRunner.withPropertyValues("tpool.watchdog.threshold=8ms")
			.run((context) -> assertThat(context.getBean(CarrierWatchdog.class).compensateAfter())
				.isEqualTo(Duration.ofMillis(8)));
	}

	@Test
	void contextsShareOneCompensatorAndTheLastToCloseRestoresTheParallelism() {
		int before = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", 2);
		this.contextRunner.run((first) -> {
			this.contextRunner.run((second) -> {
				assertThat(second.getBean(CarrierWatchdog.class).carriers().baseParallelism()).isEqualTo(before);
			});
			assertThat(first.getBean(CarrierWatchdog.class).carriers().compensation()).isTrue();
			assertThat(first.getBean(CarrierWatchdog.class).carriers().parallelism()).isEqualTo(before);
		});
		assertThat(VirtualThreadScheduler.get().parallelism()).isEqualTo(before);
	}

	@Test
	void theAdviceNamesTheApplicationsNamedPools() {
		TpoolProperties properties = new TpoolProperties();
		properties.getPools().put("duckdb", new PoolProperties());
		properties.getPools().put("sqlite", new PoolProperties());
		assertThat(TpoolWatchdogAutoConfiguration.advice(properties)).contains("@io.tpool.Offload")
			.contains("@Offload(pool = \"...\") on one of the application's named pools (duckdb, sqlite)")
			.contains("tpool.proxies.<bean-name> (and .pool)");
		assertThat(TpoolWatchdogAutoConfiguration.advice(new TpoolProperties())).contains("on the pool tpool,")
			.doesNotContain("named pools");
	}

	/**
	 * A {@link FilteredClassLoader} hides Micrometer from the conditions only: the
	 * configuration classes themselves come from the test's class loader, which has it.
	 * Here the auto-configuration runs in a class loader without any of Micrometer's
	 * jars, so a {@code MeterRegistry} that the watchdog's configuration would load fails
	 * the test.
	 */
	@Test
	void watchdogStartsWhereMicrometerIsNotOnTheClassPathAtAll() throws Exception {
		List<URL> withoutMicrometer = new ArrayList<>();
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		for (String entry : classPath.split(File.pathSeparator)) {
			// Micrometer's metrics, not its Observation API, which spring-context needs.
			if (!entry.isEmpty() && !entry.contains("micrometer-core") && !entry.contains("micrometer-registry")) {
				withoutMicrometer.add(Path.of(entry).toUri().toURL());
			}
		}
		try (URLClassLoader classLoader = new URLClassLoader(withoutMicrometer.toArray(URL[]::new),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> classLoader.loadClass("io.micrometer.core.instrument.MeterRegistry"));
			// The runner's assertable context is a proxy made in the context class loader
			Thread current = Thread.currentThread();
			ClassLoader previous = current.getContextClassLoader();
			current.setContextClassLoader(classLoader);
			Object running;
			try {
				running = classLoader.loadClass(WithoutMicrometer.class.getName())
					.getMethod("watchdogRuns")
					.invoke(null);
			}
			finally {
				current.setContextClassLoader(previous);
			}
			assertThat(running).isEqualTo(true);
		}
	}

	@Test
	void watchdogBacksOffForTheApplicationsOwn() {
		CarrierWatchdog own = CarrierWatchdog.builder().threshold(Duration.ofSeconds(1)).build();
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

	/**
	 * The application's packages, as {@code @SpringBootApplication} registers them: the
	 * sites that the watchdog names are their classes'.
	 */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = "io.tpool")
	static class ApplicationPackages {

	}

	/**
	 * Loaded by a class loader without Micrometer.
	 */
	public static final class WithoutMicrometer {

		private WithoutMicrometer() {
		}

		public static boolean watchdogRuns() {
			AtomicBoolean running = new AtomicBoolean();
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolWatchdogAutoConfiguration.class))
				.run((context) -> running.set(context.getBean(CarrierWatchdog.class).isRunning()));
			return running.get();
		}

	}

	private static boolean threadAlive() {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().equals("tpool-watchdog"));
	}

}
