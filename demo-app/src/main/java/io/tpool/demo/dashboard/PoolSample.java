package io.tpool.demo.dashboard;

import io.tpool.Tpool;
import io.tpool.TpoolStats;

/**
 * One pool's state at one moment.
 *
 * @param name the pool's name: {@code tpool} for the default pool, {@code duckdb}
 * @param size its threads at most
 * @param threads its threads alive now
 * @param active its tasks running now
 * @param queued its tasks waiting for a thread
 * @param utilization active per pool thread, 0 to 1
 * @param saturation active and queued per pool thread; above 1 means calls wait
 * @param completed its tasks that ran to an end so far
 * @since 0.2.0
 */
public record PoolSample(String name, int size, int threads, int active, int queued, double utilization,
		double saturation, long completed) {

	/**
	 * Samples a pool.
	 * @param pool the pool
	 * @return its state now
	 */
	static PoolSample of(Tpool pool) {
		TpoolStats stats = pool.stats();
		return new PoolSample(pool.name(), stats.size(), stats.threads(), stats.active(), stats.queued(),
				stats.utilization(), stats.saturation(), stats.completed());
	}

}
