package io.tpool.autoconfigure.health;

import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TpoolHealthIndicator} and its auto-configuration.
 *
 * @since 0.1.0
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
				.containsEntry("threads", 0)
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
	void withOnePoolTheContributorIsThePoolsIndicatorNamedTpool() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TpoolHealthIndicator.class)
			.hasBean("tpoolHealthContributor"));
	}

	@Test
	void threadsDetailCountsTheThreadsAliveNow() {
		try (Tpool pool = Tpool.builder().size(3).build()) {
			pool.execute(() -> Thread.currentThread().getName());
			assertThat(new TpoolHealthIndicator(pool).health().getDetails()).containsEntry("threads", 1);
		}
	}

	@Test
	void withSeveralPoolsTheContributorIsACompositeWithOneIndicatorPerPoolName() {
		this.contextRunner.withPropertyValues("tpool.size=3", "tpool.pools.duckdb.size=4").run((context) -> {
			HealthContributor contributor = context.getBean("tpoolHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			CompositeHealthContributor pools = (CompositeHealthContributor) contributor;
			assertThat(pools.stream().map(HealthContributors.Entry::name)).containsExactly("tpool", "duckdb");
			assertThat(health(pools, "tpool").getDetails()).containsEntry("size", 3);
			Health duckdb = health(pools, "duckdb");
			assertThat(duckdb.getStatus()).isEqualTo(Status.UP);
			assertThat(duckdb.getDetails()).containsEntry("size", 4)
				.containsEntry("threads", 0)
				.containsEntry("active", 0)
				.containsEntry("queued", 0)
				.containsEntry("utilization", 0.0)
				.containsEntry("saturation", 0.0);
		});
	}

	@Test
	void closedNamedPoolIsDownWhileTheOthersStayUp() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4").run((context) -> {
			context.getBean("duckdbTpool", Tpool.class).close();
			CompositeHealthContributor pools = context.getBean("tpoolHealthContributor",
					CompositeHealthContributor.class);
			assertThat(health(pools, "duckdb").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health(pools, "tpool").getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void usersOwnContributorNamedTpoolHealthIndicatorWins() {
		this.contextRunner.withBean("tpoolHealthIndicator", HealthIndicator.class, () -> () -> Health.unknown().build())
			.run((context) -> assertThat(context).doesNotHaveBean("tpoolHealthContributor"));
	}

	private static Health health(CompositeHealthContributor pools, String name) {
		Health health = ((HealthIndicator) pools.getContributor(name)).health();
		assertThat(health).isNotNull();
		return health;
	}

	@Test
	void indicatorBacksOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.tpool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TpoolHealthIndicator.class));
	}

}
