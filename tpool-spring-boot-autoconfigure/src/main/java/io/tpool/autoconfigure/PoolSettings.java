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
 * The settings of one pool's {@link PoolProperties}, the default pool's under
 * {@code tpool} or a named pool's under {@code tpool.pools.<name>}: each property, the
 * {@link Tpool.Builder} setting it maps onto, and what its user is told when the builder
 * refuses its value. The builder alone parses, validates and holds the defaults; this
 * side only maps, so that an unset property means the builder's default.
 *
 * @since 0.2.0
 */
final class PoolSettings {

	private final String prefix;

	private final @Nullable String name;

	private final List<Setting<?>> settings;

	private PoolSettings(String prefix, @Nullable String name, String sizeWhenUnset) {
		this.prefix = prefix;
		this.name = name;
		this.settings = List.of(
				new Setting<>("size", "size", PoolProperties::getSize, Tpool.Builder::size,
						"the number of pool threads", sizeWhenUnset),
				new Setting<>("queueCapacity", "queue-capacity", PoolProperties::getQueueCapacity,
						Tpool.Builder::queueCapacity, "the number of tasks that may wait for a thread",
						"for an unbounded queue"),
				new Setting<>("threadNamePrefix", "thread-name-prefix", PoolProperties::getThreadNamePrefix,
						Tpool.Builder::threadNamePrefix, "the start of the pool threads' names",
						"to use the pool's name and a dash"),
				new Setting<>("keepAlive", "keep-alive", PoolProperties::getKeepAlive, Tpool.Builder::keepAlive,
						"how long an idle pool thread lives", "for " + print(Tpool.DEFAULT_KEEP_ALIVE)),
				new Setting<>("timeout", "timeout", PoolProperties::getTimeout, Tpool.Builder::timeout,
						"the deadline of every call", "for calls without a deadline"),
				new Setting<>("maxQueueWait", "max-queue-wait", PoolProperties::getMaxQueueWait,
						Tpool.Builder::maxQueueWait, "how long a task may wait for a thread",
						"to let tasks wait until a thread is free"),
				new Setting<>("shutdownTimeout", "shutdown.await-termination-period",
						(properties) -> properties.getShutdown().getAwaitTerminationPeriod(),
						Tpool.Builder::shutdownTimeout, "how long tasks may take to finish when the context closes",
						"for " + print(Tpool.DEFAULT_SHUTDOWN_TIMEOUT)));
	}

	/**
	 * The settings of the default pool, under {@code tpool}.
	 * @return the settings
	 */
	static PoolSettings defaultPool() {
		return new PoolSettings("tpool", null,
				"to use the " + Tpool.SIZE_ENVIRONMENT_VARIABLE + " environment variable, else " + Tpool.DEFAULT_SIZE);
	}

	/**
	 * The settings of a named pool, under {@code tpool.pools.<name>}.
	 * @param name the pool's name
	 * @return the settings
	 */
	static PoolSettings namedPool(String name) {
		return new PoolSettings("tpool.pools." + name, name, "for " + Tpool.DEFAULT_SIZE);
	}

	/**
	 * The name of the pool.
	 * @return {@link Tpool#DEFAULT_NAME} for the default pool, else the named pool's name
	 */
	String poolName() {
		return (this.name != null) ? this.name : Tpool.DEFAULT_NAME;
	}

	/**
	 * Sets the builder's settings whose properties are set; for a named pool, its name
	 * and, unless set, the default size.
	 * @param properties the properties
	 * @param builder the builder
	 * @return a new builder
	 */
	Tpool.Builder map(PoolProperties properties, Tpool.Builder builder) {
		if (this.name != null) {
			// the environment variable sizes the default pool only
			builder = builder.name(this.name).size(Tpool.DEFAULT_SIZE);
		}
		for (Setting<?> setting : this.settings) {
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
		Setting<?> setting = this.settings.stream()
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
		// adapted, not parsed: a pool's name may have capitals, which a canonical name
		// may not
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.adapt(name, '.');
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
	private record Setting<T>(String builderSetting, String property, Function<PoolProperties, @Nullable T> value,
			BiFunction<Tpool.Builder, T, Tpool.Builder> setter, String meaning, String whenUnset) {

		Tpool.Builder map(PoolProperties properties, Tpool.Builder builder) {
			T value = value().apply(properties);
			return (value != null) ? setter().apply(builder, value) : builder;
		}

	}

}
