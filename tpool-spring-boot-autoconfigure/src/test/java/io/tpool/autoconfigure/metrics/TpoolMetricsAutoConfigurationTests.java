package io.tpool.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
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

/**
 * Tests for {@link TpoolMetricsAutoConfiguration}.
 *
 * @author tpool
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
