package io.tpool.autoconfigure;

import java.util.List;
import java.util.Map;

import io.tpool.InvalidSettingException;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link TpoolBuilderCustomizer} beans, in order, each with the name
 * that a failure report gives it.
 *
 * @since 0.3.0
 */
final class TpoolBuilderCustomizers {

	private static final TpoolBuilderCustomizers NONE = new TpoolBuilderCustomizers(List.of());

	private final List<Named> customizers;

	private TpoolBuilderCustomizers(List<Named> customizers) {
		this.customizers = customizers;
	}

	/**
	 * The customizer beans of a bean factory, in {@code @Order} order.
	 * @param customizers the beans
	 * @param beanFactory the bean factory, to name them
	 * @return the customizers
	 */
	static TpoolBuilderCustomizers of(ObjectProvider<TpoolBuilderCustomizer> customizers,
			ListableBeanFactory beanFactory) {
		List<TpoolBuilderCustomizer> ordered = customizers.orderedStream().toList();
		if (ordered.isEmpty()) {
			return NONE;
		}
		Map<String, TpoolBuilderCustomizer> byName = beanFactory.getBeansOfType(TpoolBuilderCustomizer.class, true,
				false);
		return new TpoolBuilderCustomizers(ordered.stream().map((customizer) -> {
			String name = byName.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == customizer)
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
			return new Named(describe(name, customizer), customizer);
		}).toList());
	}

	private static String describe(@Nullable String beanName, TpoolBuilderCustomizer customizer) {
		String type = customizer.getClass().getName();
		return (beanName != null) ? "TpoolBuilderCustomizer bean '" + beanName + "' (" + type + ")"
				: "TpoolBuilderCustomizer " + type;
	}

	boolean isEmpty() {
		return this.customizers.isEmpty();
	}

	/**
	 * Applies every customizer, in order.
	 * @param poolName the pool's name
	 * @param builder the builder with the properties set
	 * @return the builder to build the pool from
	 * @throws TpoolBuilderCustomizerException if a customizer throws or returns
	 * {@code null}
	 */
	Tpool.Builder apply(String poolName, Tpool.Builder builder) {
		for (Named named : this.customizers) {
			Tpool.Builder customized;
			try {
				customized = named.customizer().customize(poolName, builder);
			}
			catch (RuntimeException ex) {
				throw new TpoolBuilderCustomizerException("The " + named.description()
						+ " failed to customize the builder of tpool pool '" + poolName + "': " + ex + ".",
						"Fix the customizer, or remove it.", ex);
			}
			if (customized == null) {
				throw new TpoolBuilderCustomizerException(
						"The " + named.description() + " returned null for tpool pool '" + poolName + "'.",
						"Return the builder that the customizer is given, or one made from it: the builder is "
								+ "immutable, each of its setters returns a new builder.",
						null);
			}
			builder = customized;
		}
		return builder;
	}

	/**
	 * The failure of a pool whose customized builder is refused, where the properties
	 * alone were fine: a customizer set the value.
	 * @param poolName the pool's name
	 * @param ex what the builder threw
	 * @return the exception for the failure report
	 */
	TpoolBuilderCustomizerException invalidSetting(String poolName, InvalidSettingException ex) {
		String names = String.join(", ", this.customizers.stream().map(Named::description).toList());
		return new TpoolBuilderCustomizerException(
				"The Tpool.Builder setting " + ex.getSetting() + " of tpool pool '" + poolName + "' is " + ex.getValue()
						+ ", but it " + ex.getRequirement()
						+ ". The properties alone give a valid pool, so a customizer set it; the customizers are: "
						+ names + ".",
				"Fix the customizers so that they leave " + ex.getSetting()
						+ " as the properties set it, or set it to a valid value (it " + ex.getRequirement() + ").",
				ex);
	}

	private record Named(String description, TpoolBuilderCustomizer customizer) {

	}

}
