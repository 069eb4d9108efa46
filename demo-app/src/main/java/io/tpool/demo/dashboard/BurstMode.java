package io.tpool.demo.dashboard;

import java.util.Locale;

/**
 * How a burst makes its native calls or DuckDB report queries.
 *
 * @since 0.1.0
 */
public enum BurstMode {

	/**
	 * On the burst's own virtual threads, which keep their carriers meanwhile.
	 */
	DIRECT,

	/**
	 * Through the {@code @Offload} client, or for DuckDB through the {@code DataSource}
	 * that tpool wraps on the pool {@code duckdb}: the virtual threads park, pool threads
	 * call.
	 */
	OFFLOADED;

	/**
	 * The mode of a request parameter, in lower case as the page sends it.
	 * @param value {@code direct} or {@code offloaded}, in any case
	 * @return the mode
	 * @throws IllegalArgumentException if it is neither
	 */
	public static BurstMode parse(String value) {
		return valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

}
