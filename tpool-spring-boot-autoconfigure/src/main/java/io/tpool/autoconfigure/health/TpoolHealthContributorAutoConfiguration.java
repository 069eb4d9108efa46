package io.tpool.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tpool.autoconfigure.ConditionalOnTpoolEnabled;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.TpoolRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code tpool} health contributor: with one pool, its
 * {@link TpoolHealthIndicator}; with several, a composite with one indicator per pool,
 * keyed by the pool's name.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TpoolAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TpoolRegistry.class)
@ConditionalOnEnabledHealthIndicator("tpool")
@ConditionalOnTpoolEnabled
public final class TpoolHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<TpoolHealthIndicator, Tpool> {

	TpoolHealthContributorAutoConfiguration() {
		super(TpoolHealthIndicator::new);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "tpoolHealthIndicator", "tpoolHealthContributor" })
	HealthContributor tpoolHealthContributor(TpoolRegistry pools) {
		Map<String, Tpool> byName = new LinkedHashMap<>();
		for (Tpool pool : pools.pools()) {
			byName.putIfAbsent(pool.name(), pool);
		}
		return createContributor(byName);
	}

}
