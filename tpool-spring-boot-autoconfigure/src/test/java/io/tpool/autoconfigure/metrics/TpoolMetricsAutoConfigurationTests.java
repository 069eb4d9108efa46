package io.tpool.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.metrics.TpoolMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link TpoolMetricsAutoConfiguration}.
 *
 * @since 0.1.0
 */
class TpoolMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					TpoolAutoConfiguration.class, TpoolMetricsAutoConfiguration.class));

	@Test
	void poolMetersAreBoundToTheApplicationsRegistry() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("tpool.threads").tag("name", "tpool").gauge().value()).isEqualTo(20);
			assertThat(registry.get("tpool.saturation").tag("name", "tpool").gauge().value()).isZero();
		});
	}

	@Test
	void usersOwnPoolGetsMetersUnderItsName() {
		this.contextRunner.withBean(Tpool.class, () -> Tpool.builder().name("mine").size(3).build())
			.run((context) -> assertThat(
					context.getBean(MeterRegistry.class).get("tpool.threads").tag("name", "mine").gauge().value())
				.isEqualTo(3));
	}

	@Test
	void everyPoolHasItsOwnMetersTaggedWithItsName() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4", "tpool.pools.reports.size=2")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("tpool.threads").gauges()).extracting((gauge) -> gauge.getId().getTag("name"))
					.containsExactlyInAnyOrder("tpool", "duckdb", "reports");
				assertThat(registry.get("tpool.threads").tag("name", "duckdb").gauge().value()).isEqualTo(4);
				assertThat(registry.get("tpool.threads").tag("name", "reports").gauge().value()).isEqualTo(2);
				context.getBean("duckdbTpool", Tpool.class).execute(() -> Thread.currentThread().getName());
				// recorded on the pool thread once the caller has its answer
				Timer duckdbExecution = registry.get("tpool.execution")
					.tags("name", "duckdb", "outcome", "success")
					.timer();
				assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
					while (duckdbExecution.count() == 0) {
						Thread.sleep(10);
					}
				});
				assertThat(duckdbExecution.count()).isEqualTo(1);
				assertThat(registry.get("tpool.execution").tags("name", "tpool", "outcome", "success").timer().count())
					.isZero();
				assertThat(registry.get("tpool.threads.live").tag("name", "duckdb").gauge().value()).isEqualTo(1);
				assertThat(registry.get("tpool.threads.live").tag("name", "tpool").gauge().value()).isZero();
			});
	}

	@Test
	void metersBackOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TpoolMetrics.class));
	}

	@Test
	void metersBackOffWhenTheStarterIsDisabled() {
		this.contextRunner.withPropertyValues("tpool.enabled=false")
			.withBean(Tpool.class, () -> Tpool.builder().name("mine").size(3).build())
			.run((context) -> assertThat(context).doesNotHaveBean(TpoolMetrics.class));
	}

}
