package io.tpool.autoconfigure.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tpool.autoconfigure.ConditionalOnTpoolEnabled;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.metrics.TpoolMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the meters of every {@link Tpool} bean; Spring Boot binds them
 * to the application's meter registries.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TpoolAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(Tpool.class)
@ConditionalOnTpoolEnabled
public final class TpoolMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TpoolMetrics tpoolMetrics(ObjectProvider<Tpool> pools) {
		// unfiltered: named pools are not default candidates, and have meters too
		return new TpoolMetrics(pools.orderedStream(ObjectProvider.UNFILTERED).toList(), List.of());
	}

}
