package io.tpool.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.tpool.InvalidSettingException;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The pool settings of {@link TpoolProperties}: each property, the {@link Tpool.Builder}
 * setting it maps onto, and what its user is told when the builder refuses its value. The
 * builder alone parses, validates and holds the defaults; this side only maps, so that an
 * unset property means the builder's default.
 *
 * @since 0.2.0
 */
final class PoolSettings {

	private static final List<Setting<?>> SETTINGS = List.of(
			new Setting<>("size", "size", TpoolProperties::getSize, Tpool.Builder::size, "the number of pool threads",
					"to use the " + Tpool.SIZE_ENVIRONMENT_VARIABLE + " environment variable, else "
							+ Tpool.DEFAULT_SIZE),
			new Setting<>("queueCapacity", "queue-capacity", TpoolProperties::getQueueCapacity,
					Tpool.Builder::queueCapacity, "the number of tasks that may wait for a thread",
					"for an unbounded queue"),
			new Setting<>("threadNamePrefix", "thread-name-prefix", TpoolProperties::getThreadNamePrefix,
					Tpool.Builder::threadNamePrefix, "the start of the pool threads' names",
					"to use the pool's name and a dash"),
			new Setting<>("shutdownTimeout", "shutdown.await-termination-period",
					(properties) -> properties.getShutdown().getAwaitTerminationPeriod(),
					Tpool.Builder::shutdownTimeout, "how long tasks may take to finish when the context closes",
					"for " + print(Tpool.DEFAULT_SHUTDOWN_TIMEOUT)));

	private final String prefix;

	/**
	 * Settings whose properties start with the given prefix.
	 * @param prefix the prefix, such as {@code "tpool"}
	 */
	PoolSettings(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * Sets the builder's settings whose properties are set.
	 * @param properties the properties
	 * @param builder the builder
	 * @return a new builder
	 */
	Tpool.Builder map(TpoolProperties properties, Tpool.Builder builder) {
		for (Setting<?> setting : SETTINGS) {
			builder = setting.map(properties, builder);
		}
		return builder;
	}

	/**
	 * Names the property, or the environment variable, whose value the builder refused.
	 * @param ex what the builder threw
	 * @param environment where the properties come from, to name the value's origin
	 * @return the exception for Spring Boot's failure report
	 */
	InvalidTpoolPropertyException invalidProperty(InvalidSettingException ex, Environment environment) {
		if (ex.isEnvironmentVariable()) {
			return new InvalidTpoolPropertyException("environment variable " + ex.getSetting(), ex.getValue(),
					"it " + ex.getRequirement(),
					"Set the environment variable " + ex.getSetting() + " to the number of pool threads (it "
							+ ex.getRequirement() + "), or set " + this.prefix + ".size, which wins over it.",
					null, ex);
		}
		Setting<?> setting = SETTINGS.stream()
			.filter((candidate) -> candidate.builderSetting().equals(ex.getSetting()))
			.findFirst()
			.orElse(null);
		if (setting == null) {
			// a setting this side never sets: a bug here, reported rather than thrown raw
			return new InvalidTpoolPropertyException(ex.getSetting() + " (a Tpool.Builder setting)", ex.getValue(),
					"it " + ex.getRequirement(), "Report this to the tpool project: " + ex.getMessage() + ".", null,
					ex);
		}
		String name = this.prefix + "." + setting.property();
		ConfigurationProperty property = find(name, environment);
		String value = (property != null) ? String.valueOf(property.getValue()) : ex.getValue();
		return new InvalidTpoolPropertyException(
				name, value, "it " + ex.getRequirement(), "Set " + name + " to " + setting.meaning() + " (it "
						+ ex.getRequirement() + "), or remove it " + setting.whenUnset() + ".",
				(property != null) ? property.getOrigin() : null, ex);
	}

	private static String print(Duration duration) {
		ChronoUnit unit = (duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

	private static @Nullable ConfigurationProperty find(String name, Environment environment) {
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	/**
	 * One property and the builder setting it maps onto.
	 *
	 * @param <T> the type of the value
	 * @param builderSetting the builder setting, as {@link InvalidSettingException} names
	 * it
	 * @param property the property's name after the prefix
	 * @param value reads the property, {@code null} when unset
	 * @param setter sets the builder setting
	 * @param meaning what the value is, for the action of a failure report
	 * @param whenUnset what removing the property gives, for the action of a failure
	 * report
	 */
	private record Setting<T>(String builderSetting, String property, Function<TpoolProperties, @Nullable T> value,
			BiFunction<Tpool.Builder, T, Tpool.Builder> setter, String meaning, String whenUnset) {

		Tpool.Builder map(TpoolProperties properties, Tpool.Builder builder) {
			T value = value().apply(properties);
			return (value != null) ? setter().apply(builder, value) : builder;
		}

	}

}
