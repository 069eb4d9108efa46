package io.tpool.autoconfigure.health;

import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code tpool} health indicator.
 *
 * @author tpool
 */
@AutoConfiguration(after = TpoolAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(Tpool.class)
@ConditionalOnEnabledHealthIndicator("tpool")
@ConditionalOnBooleanProperty(name = "tpool.enabled", matchIfMissing = true)
public final class TpoolHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tpoolHealthIndicator")
	TpoolHealthIndicator tpoolHealthIndicator(Tpool tpool) {
		return new TpoolHealthIndicator(tpool);
	}

}
