package io.tpool.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.tpool.ContextCarrier;
import io.tpool.InvalidSettingException;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Creates the application's {@link Tpool}: its settings from {@link TpoolProperties}
 * (through {@link PoolSettings}, the builder deciding what an unset one means), and its
 * task decorator from the application's {@link TaskDecorator} and Micrometer's context
 * propagation.
 *
 * @since 0.1.0
 */
class TpoolFactory {

	private static final String CONTEXT_SNAPSHOT_FACTORY = "io.micrometer.context.ContextSnapshotFactory";

	private static final PoolSettings SETTINGS = new PoolSettings("tpool");

	private final TpoolProperties properties;

	private final Environment environment;

	TpoolFactory(TpoolProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	Tpool create(@Nullable TaskDecorator taskDecorator, @Nullable ContextCarrier contextCarrier) {
		Tpool.Builder builder = SETTINGS.map(this.properties, Tpool.builder());
		TaskDecorator decorator = decorator(taskDecorator);
		if (decorator != null) {
			builder = builder.taskDecorator(decorator::decorate);
		}
		if (contextCarrier != null) {
			builder = builder.contextCarrier(contextCarrier);
		}
		try {
			return builder.build();
		}
		catch (InvalidSettingException ex) {
			throw SETTINGS.invalidProperty(ex, this.environment);
		}
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

}
