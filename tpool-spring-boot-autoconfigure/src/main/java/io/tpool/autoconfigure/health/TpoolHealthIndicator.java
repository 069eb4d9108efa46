package io.tpool.autoconfigure.health;

import io.tpool.Tpool;
import io.tpool.TpoolStats;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of a {@link Tpool}: up with its size, live threads, active and queued tasks,
 * utilization and saturation; down once it is closed.
 *
 * @since 0.1.0
 */
public class TpoolHealthIndicator extends AbstractHealthIndicator {

	private final Tpool pool;

	public TpoolHealthIndicator(Tpool pool) {
		super("tpool health check failed");
		this.pool = pool;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TpoolStats stats = this.pool.stats();
		if (this.pool.isClosed()) {
			builder.down().withDetail("closed", true);
		}
		else {
			builder.up();
		}
		builder.withDetail("size", stats.size())
			.withDetail("threads", stats.threads())
			.withDetail("active", stats.active())
			.withDetail("queued", stats.queued())
			.withDetail("utilization", stats.utilization())
			.withDetail("saturation", stats.saturation());
	}

}
