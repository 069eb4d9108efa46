package io.tpool.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DuckDB's in-memory database of generated orders and the analytical report over them:
 * the same table and query as the demo's {@code DuckDbReport}, less the functions that
 * name the thread. DuckDB runs each query on the calling thread alone
 * ({@code threads = 1}), so a query holds exactly the thread that made it.
 *
 * @since 0.2.0
 */
final class DuckDbOrders implements AutoCloseable {

	private static final String CREATE_ORDERS = """
			CREATE TABLE orders AS
			SELECT i AS id,
				['central', 'east', 'north', 'south', 'west'][1 + i %% 5] AS region,
				1 + (i * 7) %% 9 AS quantity,
				100 + (i * 7919) %% 9900 AS price_cents
			FROM range(%d) AS t(i)""";

	private static final String REPORT = """
			SELECT region, count(*) AS orders, sum(quantity)::BIGINT AS items,
				sum(quantity * price_cents)::BIGINT AS revenue_cents
			FROM orders
			GROUP BY region
			ORDER BY region""";

	private final String url;

	private final long rows;

	/** Keeps the in-memory database alive: DuckDB drops it with its last connection. */
	private final Connection keeper;

	DuckDbOrders(String name, long rows) throws SQLException {
		this.url = "jdbc:duckdb::memory:" + name;
		this.rows = rows;
		this.keeper = DriverManager.getConnection(this.url);
		try (Statement statement = this.keeper.createStatement()) {
			statement.execute("SET threads = 1");
			statement.execute(CREATE_ORDERS.formatted(rows));
		}
	}

	/**
	 * Runs the report on a connection of its own, as the demo's DataSource does, and
	 * checks that it counted every order.
	 * @throws SQLException if DuckDB fails
	 * @throws IllegalStateException if the report lost orders
	 */
	void report() throws SQLException {
		long orders = 0;
		try (Connection connection = DriverManager.getConnection(this.url);
				PreparedStatement statement = connection.prepareStatement(REPORT);
				ResultSet regions = statement.executeQuery()) {
			while (regions.next()) {
				orders += regions.getLong("orders");
			}
		}
		if (orders != this.rows) {
			throw new IllegalStateException("The report counted " + orders + " orders of " + this.rows);
		}
	}

	/**
	 * DuckDB's version, as the database reports it.
	 * @return the version
	 * @throws SQLException if DuckDB fails
	 */
	String version() throws SQLException {
		try (Statement statement = this.keeper.createStatement();
				ResultSet version = statement.executeQuery("SELECT version()")) {
			version.next();
			return version.getString(1);
		}
	}

	long rows() {
		return this.rows;
	}

	@Override
	public void close() throws SQLException {
		this.keeper.close();
	}

}
