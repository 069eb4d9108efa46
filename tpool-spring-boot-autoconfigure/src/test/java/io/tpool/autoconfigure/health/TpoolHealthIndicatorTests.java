package io.tpool.autoconfigure.health;

import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TpoolHealthIndicator} and its auto-configuration.
 *
 * @author tpool
 */
class TpoolHealthIndicatorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolHealthContributorAutoConfiguration.class));

	@Test
	void openPoolIsUpWithItsState() {
		try (Tpool pool = Tpool.builder().size(3).build()) {
			Health health = new TpoolHealthIndicator(pool).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("size", 3)
				.containsEntry("active", 0)
				.containsEntry("queued", 0)
				.containsEntry("utilization", 0.0)
				.containsEntry("saturation", 0.0);
		}
	}

	@Test
	void closedPoolIsDown() {
		Tpool pool = Tpool.builder().size(3).build();
		pool.close();
		Health health = new TpoolHealthIndicator(pool).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("closed", true).containsEntry("size", 3);
	}

	@Test
	void indicatorIsNamedTpool() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TpoolHealthIndicator.class)
			.hasBean("tpoolHealthIndicator"));
	}

	@Test
	void indicatorBacksOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.tpool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TpoolHealthIndicator.class));
	}

}
