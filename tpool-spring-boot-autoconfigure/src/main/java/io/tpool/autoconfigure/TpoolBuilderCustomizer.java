package io.tpool.autoconfigure;

import io.tpool.Tpool;

/**
 * Customizes the {@link Tpool.Builder} of every pool that the starter builds, the default
 * pool and each named pool under {@code tpool.pools}, after the properties are mapped
 * onto it. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order
 *
 * @Order} (or {@link org.springframework.core.Ordered}) order, so a customizer wins over
 * the properties, and a later customizer over an earlier one. A {@code Tpool} bean of the
 * application's own is not customized.
 * @since 0.3.0
 */
@FunctionalInterface
public interface TpoolBuilderCustomizer {

	/**
	 * Customizes the builder of a pool. The builder is immutable: each of its setters
	 * returns a new builder, and the one returned here is the one that the pool is built
	 * from (or that the next customizer gets).
	 * @param poolName the pool's {@link Tpool#name() name}: {@value Tpool#DEFAULT_NAME}
	 * for the default pool, else its key under {@code tpool.pools}
	 * @param builder the builder, with the properties already set
	 * @return the builder to use, never {@code null}
	 */
	Tpool.Builder customize(String poolName, Tpool.Builder builder);

}
