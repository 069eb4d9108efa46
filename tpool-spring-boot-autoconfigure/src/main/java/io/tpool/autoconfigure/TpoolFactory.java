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
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Creates one of the application's pools, the default {@link Tpool} or a named one: its
 * settings from its {@link PoolProperties} (through {@link PoolSettings}, the builder
 * deciding what an unset one means), and its task decorator from the application's
 * {@link TaskDecorator} and Micrometer's context propagation, the same for every pool.
 *
 * @since 0.1.0
 */
class TpoolFactory {

	private static final String CONTEXT_SNAPSHOT_FACTORY = "io.micrometer.context.ContextSnapshotFactory";

	private final PoolSettings settings;

	private final PoolProperties properties;

	private final Environment environment;

	/**
	 * A factory of the default pool, from the properties under {@code tpool}.
	 * @param properties the properties
	 * @param environment where the properties come from
	 */
	TpoolFactory(TpoolProperties properties, Environment environment) {
		this(PoolSettings.defaultPool(), properties, environment);
	}

	private TpoolFactory(PoolSettings settings, PoolProperties properties, Environment environment) {
		this.settings = settings;
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * A factory of a named pool, from the properties under {@code tpool.pools.<name>}.
	 * @param name the pool's name, a key of {@link TpoolProperties#getPools()}
	 * @param properties the properties
	 * @param environment where the properties come from
	 * @return the factory
	 */
	static TpoolFactory namedPool(String name, TpoolProperties properties, Environment environment) {
		PoolProperties pool = properties.getPools().get(name);
		Assert.state(pool != null, () -> "No pool is named '" + name + "' under tpool.pools");
		return new TpoolFactory(PoolSettings.namedPool(name), pool, environment);
	}

	/**
	 * Creates the pool: its properties mapped onto a builder, with the task decorator and
	 * the context carrier, then the customizers applied in order.
	 * @param taskDecorator the application's task decorator, if any
	 * @param contextCarrier what carries the caller's state to the pool thread, if
	 * anything
	 * @param customizers the customizers
	 * @return the pool
	 */
	Tpool create(@Nullable TaskDecorator taskDecorator, @Nullable ContextCarrier contextCarrier,
			TpoolBuilderCustomizers customizers) {
		Tpool.Builder builder = this.settings.map(this.properties, Tpool.builder());
		TaskDecorator decorator = decorator(taskDecorator);
		if (decorator != null) {
			builder = builder.taskDecorator(decorator::decorate);
		}
		if (contextCarrier != null) {
			builder = builder.contextCarrier(contextCarrier);
		}
		Tpool.Builder customized = customizers.apply(this.settings.poolName(), builder);
		try {
			return customized.build();
		}
		catch (InvalidSettingException ex) {
			if (customized != builder && !refuses(builder)) {
				throw customizers.invalidSetting(this.settings.poolName(), ex);
			}
			throw this.settings.invalidProperty(ex, this.environment);
		}
	}

	/**
	 * Whether the builder of the properties alone is refused too, so that the fault is
	 * the properties', not a customizer's. Only asked after a failure: the pool that it
	 * builds starts no thread and is closed at once.
	 */
	private static boolean refuses(Tpool.Builder builder) {
		try {
			builder.build().close();
			return false;
		}
		catch (InvalidSettingException ex) {
			return true;
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
