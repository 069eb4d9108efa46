package io.tpool.demo.duckdb;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo's DuckDB database.
 *
 * @param rows the orders generated at startup; the default makes the report query run for
 * tens of milliseconds in native code while the table takes well under a second to
 * generate
 * @since 0.2.0
 */
@ConfigurationProperties("demo.duckdb")
public record DuckDbProperties(@DefaultValue("2000000") long rows) {

	public DuckDbProperties {
		if (rows < 1) {
			throw new IllegalArgumentException("demo.duckdb.rows must be at least 1, was " + rows);
		}
	}

}
