package io.tpool.demo.sqlite;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo's SQLite database.
 *
 * @param path the database file; unset, a new file in the temporary directory, deleted
 * when the application stops
 * @param orders how many orders the database is filled with at start-up; at least 1
 * @param connections the connections of its HikariCP pool; at least 1
 * @since 0.3.0
 */
@ConfigurationProperties("demo.sqlite")
public record SqliteProperties(@Nullable Path path, @Nullable Integer orders, @Nullable Integer connections) {

	static final int DEFAULT_ORDERS = 100_000;

	static final int DEFAULT_CONNECTIONS = 8;

	public SqliteProperties {
		if (orders != null && orders < 1) {
			throw new IllegalArgumentException("demo.sqlite.orders must be at least 1, but was " + orders);
		}
		if (connections != null && connections < 1) {
			throw new IllegalArgumentException("demo.sqlite.connections must be at least 1, but was " + connections);
		}
	}

	int ordersOrDefault() {
		return (this.orders != null) ? this.orders : DEFAULT_ORDERS;
	}

	int connectionsOrDefault() {
		return (this.connections != null) ? this.connections : DEFAULT_CONNECTIONS;
	}

}
