package io.tpool.autoconfigure.watchdog;

import io.micrometer.core.instrument.MeterRegistry;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.TpoolProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link CarrierWatchdog}, which counts its findings in the
 * application's meter registry where there is one.
 *
 * @author tpool
 */
@AutoConfiguration(after = TpoolAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tpool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TpoolProperties.class)
@Import({ TpoolWatchdogAutoConfiguration.MeteredWatchdogConfiguration.class,
		TpoolWatchdogAutoConfiguration.UnmeteredWatchdogConfiguration.class })
public final class TpoolWatchdogAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tpool.watchdog.enabled", matchIfMissing = true)
	static class MeteredWatchdogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CarrierWatchdog carrierWatchdog(TpoolProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
			return new CarrierWatchdog(properties.getWatchdog().getThreshold(), meterRegistry.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
	@ConditionalOnBooleanProperty(name = "tpool.watchdog.enabled", matchIfMissing = true)
	static class UnmeteredWatchdogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CarrierWatchdog carrierWatchdog(TpoolProperties properties) {
			return new CarrierWatchdog(properties.getWatchdog().getThreshold(), null);
		}

	}

}
