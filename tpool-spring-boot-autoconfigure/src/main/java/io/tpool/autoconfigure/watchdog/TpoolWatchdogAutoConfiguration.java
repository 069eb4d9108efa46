package io.tpool.autoconfigure.watchdog;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import io.micrometer.core.instrument.MeterRegistry;
import io.tpool.autoconfigure.ConditionalOnTpoolEnabled;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.TpoolProperties;
import io.tpool.autoconfigure.offload.OffloadInterceptor;
import io.tpool.watchdog.CarrierWatchdog;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link CarrierWatchdog}: its settings from
 * {@code tpool.watchdog.*}, the application's packages as what its sites name, its
 * lifecycle with the context's, and its meters, where Micrometer is on the class path and
 * the application has a registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TpoolAutoConfiguration.class)
@ConditionalOnTpoolEnabled
@ConditionalOnBooleanProperty(name = "tpool.watchdog.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TpoolProperties.class)
public final class TpoolWatchdogAutoConfiguration {

	/** The counter of starvation episodes, tagged with their {@code site}. */
	public static final String STARVATIONS_METER = "tpool.watchdog.starvations";

	private static final String THRESHOLD_PROPERTY = "tpool.watchdog.threshold";

	private static final String AFTER_PROPERTY = "tpool.watchdog.compensation.after";

	private static final String MAX_EXTRA_PROPERTY = "tpool.watchdog.compensation.max-extra-carriers";

	private static final String METER_REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

	/**
	 * One watchdog, with or without Micrometer: the application context, not a
	 * {@code MeterRegistry} parameter, is what this method takes, since a
	 * {@code MeterRegistry} in its signature would be resolved, and fail, without
	 * Micrometer. Only {@link MeterRegistryLookup} uses the type, and it is loaded only
	 * where the application's class loader has Micrometer.
	 */
	@Bean
	@ConditionalOnMissingBean
	CarrierWatchdog carrierWatchdog(TpoolProperties properties, ApplicationContext context) {
		TpoolProperties.Watchdog settings = properties.getWatchdog();
		Duration threshold = threshold(settings);
		CarrierWatchdog.Builder builder = CarrierWatchdog.builder()
			.threshold(threshold)
			.integrationClasses(OffloadInterceptor.class)
			.logger(new JclLogger(CarrierWatchdog.class))
			.advice(advice(properties));
		ClassLoader classLoader = context.getClassLoader();
		if (classLoader != null) {
			builder = builder.classLoader(classLoader);
		}
		if (AutoConfigurationPackages.has(context)) {
			builder = builder.applicationPackages(AutoConfigurationPackages.get(context));
		}
		TpoolProperties.Compensation compensation = settings.getCompensation();
		builder = builder.compensation(compensation.isEnabled())
			.compensateAfter(after(compensation, threshold))
			.maxExtraCarriers(maxExtraCarriers(compensation));
		if (ClassUtils.isPresent(METER_REGISTRY_CLASS, context.getClassLoader())) {
			builder = MeterRegistryLookup.counting(builder, context);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	CarrierWatchdogLifecycle carrierWatchdogLifecycle(CarrierWatchdog watchdog) {
		return new CarrierWatchdogLifecycle(watchdog);
	}

	/**
	 * The watchdog validates its threshold; one it refuses is reported as the property,
	 * with its origin, by Spring Boot's failure analyzer.
	 */
	private static Duration threshold(TpoolProperties.Watchdog settings) {
		Duration threshold = settings.getThreshold();
		if (threshold == null) {
			return CarrierWatchdog.DEFAULT_THRESHOLD;
		}
		if (!threshold.isPositive()) {
			throw new InvalidConfigurationPropertyValueException(THRESHOLD_PROPERTY, threshold,
					"The carrier watchdog's threshold must be positive. Set " + THRESHOLD_PROPERTY
							+ " to a duration such as 500ms, or remove it for the default of "
							+ DurationStyle.SIMPLE.print(CarrierWatchdog.DEFAULT_THRESHOLD) + ".");
		}
		return threshold;
	}

	private static Duration after(TpoolProperties.Compensation compensation, Duration threshold) {
		Duration after = compensation.getAfter();
		if (after == null) {
			return (CarrierWatchdog.DEFAULT_COMPENSATE_AFTER.compareTo(threshold) <= 0)
					? CarrierWatchdog.DEFAULT_COMPENSATE_AFTER : threshold;
		}
		if (!after.isPositive() || after.compareTo(threshold) > 0) {
			throw new InvalidConfigurationPropertyValueException(AFTER_PROPERTY, after,
					"Compensation's delay must be positive and at most the watchdog's threshold ("
							+ DurationStyle.SIMPLE.print(threshold) + "). Set " + AFTER_PROPERTY
							+ " to a duration such as 50ms, or remove it for the default of "
							+ DurationStyle.SIMPLE.print(CarrierWatchdog.DEFAULT_COMPENSATE_AFTER) + ".");
		}
		return after;
	}

	private static int maxExtraCarriers(TpoolProperties.Compensation compensation) {
		Integer max = compensation.getMaxExtraCarriers();
		if (max == null) {
			return CarrierWatchdog.DEFAULT_MAX_EXTRA_CARRIERS;
		}
		if (max < 1 || max > CarrierWatchdog.MAX_EXTRA_CARRIERS) {
			throw new InvalidConfigurationPropertyValueException(MAX_EXTRA_PROPERTY, max,
					"The most extra carriers must be from 1 to " + CarrierWatchdog.MAX_EXTRA_CARRIERS + ". Set "
							+ MAX_EXTRA_PROPERTY + " within that range, or remove it for the default of "
							+ CarrierWatchdog.DEFAULT_MAX_EXTRA_CARRIERS + ".");
		}
		return max;
	}

	/**
	 * What the WARN lines advise: the annotation, and the pools that the application's
	 * configuration has, for a call that belongs on a named one.
	 */
	static String advice(TpoolProperties properties) {
		List<String> named = List.copyOf(new TreeSet<>(properties.getPools().keySet()));
		String pools = named.isEmpty() ? "on the pool tpool"
				: "on the pool tpool, or with @Offload(pool = \"...\") on one of the application's named pools ("
						+ String.join(", ", named) + ")";
		return "Run this call on a pool of platform threads: annotate the calling bean method with "
				+ "@io.tpool.Offload to run it " + pools
				+ ", or wrap a bean you cannot annotate with tpool.proxies.<bean-name> (and .pool).";
	}

	/**
	 * The metered watchdog: a class of its own, loaded only where Micrometer is present.
	 */
	private static final class MeterRegistryLookup {

		private MeterRegistryLookup() {
		}

		static CarrierWatchdog.Builder counting(CarrierWatchdog.Builder builder, BeanFactory beanFactory) {
			MeterRegistry registry = beanFactory.getBeanProvider(MeterRegistry.class).getIfUnique();
			return (registry != null) ? builder.episodeCounter(new StarvationCounter(registry), STARVATIONS_METER)
					: builder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = METER_REGISTRY_CLASS)
	static class CarrierMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CarrierMetrics carrierMetrics(CarrierWatchdog watchdog) {
			return new CarrierMetrics(watchdog);
		}

	}

}
