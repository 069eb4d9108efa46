package io.tpool.autoconfigure.watchdog;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.TpoolProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link CarrierWatchdog}, which counts its findings in the
 * application's meter registry where Micrometer is on the class path and there is one.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TpoolAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tpool.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "tpool.watchdog.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TpoolProperties.class)
public final class TpoolWatchdogAutoConfiguration {

	private static final String THRESHOLD_PROPERTY = "tpool.watchdog.threshold";

	private static final String METER_REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

	/**
	 * One watchdog, with or without Micrometer: the application context, not a
	 * {@code MeterRegistry} parameter, is what this method takes, since a
	 * {@code MeterRegistry} in its signature would be resolved, and fail, without
	 * Micrometer. Only {@link MeterRegistryLookup} uses the type, and it is loaded only
	 * where the application's class loader has Micrometer; the {@code null} given to the
	 * watchdog's constructor otherwise loads nothing.
	 */
	@Bean
	@ConditionalOnMissingBean
	CarrierWatchdog carrierWatchdog(TpoolProperties properties, ApplicationContext context) {
		Duration threshold = threshold(properties);
		if (ClassUtils.isPresent(METER_REGISTRY_CLASS, context.getClassLoader())) {
			return MeterRegistryLookup.watchdog(threshold, context);
		}
		return new CarrierWatchdog(threshold, null);
	}

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

	/**
	 * The metered watchdog: a class of its own, loaded only where Micrometer is present.
	 */
	private static final class MeterRegistryLookup {

		private MeterRegistryLookup() {
		}

		static CarrierWatchdog watchdog(Duration threshold, BeanFactory beanFactory) {
			return new CarrierWatchdog(threshold, beanFactory.getBeanProvider(MeterRegistry.class).getIfUnique());
		}

	}

}
