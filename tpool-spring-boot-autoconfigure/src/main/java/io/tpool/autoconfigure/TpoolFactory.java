package io.tpool.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.tpool.ContextCarrier;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Creates the application's {@link Tpool} from {@link TpoolProperties}: the size from
 * {@code tpool.size}, else the {@value Tpool#SIZE_ENVIRONMENT_VARIABLE} variable, else
 * {@value Tpool#DEFAULT_SIZE}, and the task decorator from the application's
 * {@link TaskDecorator} and Micrometer's context propagation.
 *
 * @author tpool
 */
class TpoolFactory {

	private static final String CONTEXT_SNAPSHOT_FACTORY = "io.micrometer.context.ContextSnapshotFactory";

	private final TpoolProperties properties;

	private final Environment environment;

	TpoolFactory(TpoolProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	Tpool create(@Nullable TaskDecorator taskDecorator, @Nullable ContextCarrier contextCarrier) {
		Tpool.Builder builder = Tpool.builder()
			.size(size())
			.threadNamePrefix(this.properties.getThreadNamePrefix())
			.shutdownTimeout(this.properties.getShutdown().getAwaitTerminationPeriod());
		Integer queueCapacity = this.properties.getQueueCapacity();
		if (queueCapacity != null) {
			if (queueCapacity < 1) {
				throw invalidProperty("tpool.queue-capacity", queueCapacity, "it must be at least 1",
						"Set tpool.queue-capacity to the number of tasks that may wait for a thread, at least 1, "
								+ "or remove it for an unbounded queue.");
			}
			builder = builder.queueCapacity(queueCapacity);
		}
		if (this.properties.getShutdown().getAwaitTerminationPeriod().isNegative()) {
			throw invalidProperty("tpool.shutdown.await-termination-period",
					this.properties.getShutdown().getAwaitTerminationPeriod(), "it must not be negative",
					"Set tpool.shutdown.await-termination-period to a duration such as 30s.");
		}
		TaskDecorator decorator = decorator(taskDecorator);
		if (decorator != null) {
			builder = builder.taskDecorator(decorator::decorate);
		}
		if (contextCarrier != null) {
			builder = builder.contextCarrier(contextCarrier);
		}
		return builder.build();
	}

	int size() {
		Integer size = this.properties.getSize();
		if (size != null) {
			if (size < 1) {
				throw invalidProperty("tpool.size", size, "it must be a whole number of at least 1",
						"Set tpool.size (or the TPOOL_SIZE environment variable) to the number of pool threads, "
								+ "at least 1, or remove it to use " + Tpool.SIZE_ENVIRONMENT_VARIABLE
								+ " or the default of " + Tpool.DEFAULT_SIZE + ".");
			}
			return size;
		}
		String variable = this.environment.getProperty(Tpool.SIZE_ENVIRONMENT_VARIABLE);
		if (variable == null) {
			return Tpool.DEFAULT_SIZE;
		}
		try {
			int parsed = Integer.parseInt(variable.strip());
			if (parsed >= 1) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidTpoolPropertyException("environment variable " + Tpool.SIZE_ENVIRONMENT_VARIABLE, variable,
				"it must be a whole number of at least 1",
				"Set the environment variable " + Tpool.SIZE_ENVIRONMENT_VARIABLE
						+ " to the number of pool threads, at least 1, or set tpool.size, which wins over it.",
				null);
	}

	private @Nullable TaskDecorator decorator(@Nullable TaskDecorator taskDecorator) {
		List<TaskDecorator> decorators = new ArrayList<>();
		if (ClassUtils.isPresent(CONTEXT_SNAPSHOT_FACTORY, getClass().getClassLoader())) {
			decorators.add(new ContextPropagatingTaskDecorator());
		}
		if (taskDecorator != null) {
			decorators.add(taskDecorator);
		}
		return switch (decorators.size()) {
			case 0 -> null;
			case 1 -> decorators.get(0);
			default -> new CompositeTaskDecorator(decorators);
		};
	}

	private InvalidTpoolPropertyException invalidProperty(String name, Object value, String reason, String action) {
		return new InvalidTpoolPropertyException(name, String.valueOf(value), reason, action, origin(name));
	}

	private @Nullable Origin origin(String name) {
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null) {
				return property.getOrigin();
			}
		}
		return null;
	}

}
