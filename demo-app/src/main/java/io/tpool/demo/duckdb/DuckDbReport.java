package io.tpool.demo.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's analytical report: sales by region over every order, aggregated by DuckDB in
 * native code. It runs where its {@link DataSource} runs JDBC: the plain one makes the
 * query on the caller's thread, one wrapped by tpool on a pool thread.
 *
 * @since 0.2.0
 */
public class DuckDbReport {

	/**
	 * The report. The thread functions are evaluated once, inside the query: they name
	 * the thread that executes it, whichever thread called.
	 */
	static final String QUERY = """
			SELECT region, count(*) AS orders, sum(quantity)::BIGINT AS items,
				sum(quantity * price_cents)::BIGINT AS revenue_cents,
				(SELECT thread_name()) AS thread, (SELECT thread_is_virtual()) AS virtual
			FROM orders
			GROUP BY region
			ORDER BY region""";

	private final DuckDbDatabase database;

	private final JdbcClient jdbc;

	/**
	 * Creates the report on a database.
	 * @param database the database, to tell whether DuckDB runs at all
	 * @param dataSource the DataSource that runs its JDBC, plain or wrapped by tpool
	 */
	public DuckDbReport(DuckDbDatabase database, DataSource dataSource) {
		this.database = database;
		this.jdbc = JdbcClient.create(dataSource);
	}

	/**
	 * Runs the report query.
	 * @return the sales by region and the thread that executed the query
	 * @throws DuckDbUnavailableException if DuckDB does not run in this process
	 */
	public DuckDbReportResult run() {
		this.database.checkAvailable();
		long start = System.nanoTime();
		Rows rows = Objects.requireNonNull(this.jdbc.sql(QUERY).query(DuckDbReport::read));
		double millis = (System.nanoTime() - start) / 1e6;
		long orders = rows.regions().stream().mapToLong(RegionSales::orders).sum();
		return new DuckDbReportResult(orders, rows.regions(), rows.thread(), rows.virtual(), millis);
	}

	private static Rows read(ResultSet resultSet) throws SQLException {
		List<RegionSales> regions = new ArrayList<>();
		String thread = null;
		boolean virtual = false;
		while (resultSet.next()) {
			regions.add(new RegionSales(resultSet.getString("region"), resultSet.getLong("orders"),
					resultSet.getLong("items"), resultSet.getLong("revenue_cents")));
			thread = resultSet.getString("thread");
			virtual = resultSet.getBoolean("virtual");
		}
		return new Rows(regions, Objects.requireNonNullElse(thread, "none"), virtual);
	}

	private record Rows(List<RegionSales> regions, String thread, boolean virtual) {

	}

}
