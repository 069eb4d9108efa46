package io.tpool.autoconfigure.watchdog;

import java.time.Duration;

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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationStyle;
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

	private static final String THRESHOLD_PROPERTY = "tpool.watchdog.threshold";

	/**
	 * The watchdog validates its threshold; one it refuses is reported as the property,
	 * with its origin, by Spring Boot's failure analyzer.
	 */
	private static Duration threshold(TpoolProperties properties) {
		Duration threshold = properties.getWatchdog().getThreshold();
		if (threshold == null) {
			return CarrierWatchdog.DEFAULT_THRESHOLD;
		}
		try {
			return CarrierWatchdog.checkThreshold(threshold);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(THRESHOLD_PROPERTY, threshold,
					"The carrier watchdog's threshold must be positive. Set " + THRESHOLD_PROPERTY
							+ " to a duration such as 500ms, or remove it for the default of "
							+ DurationStyle.SIMPLE.print(CarrierWatchdog.DEFAULT_THRESHOLD) + ".");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tpool.watchdog.enabled", matchIfMissing = true)
	static class MeteredWatchdogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CarrierWatchdog carrierWatchdog(TpoolProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
			return new CarrierWatchdog(threshold(properties), meterRegistry.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
	@ConditionalOnBooleanProperty(name = "tpool.watchdog.enabled", matchIfMissing = true)
	static class UnmeteredWatchdogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CarrierWatchdog carrierWatchdog(TpoolProperties properties) {
			return new CarrierWatchdog(threshold(properties), null);
		}

	}

}
