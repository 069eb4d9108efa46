package io.tpool.demo.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo's orders in SQLite, through the offloaded template: a report that streams
 * every order (row-heavy work: one pool call, the rows read on the pool thread), and an
 * order placed in a transaction of the SQLite transaction manager.
 *
 * @since 0.3.0
 */
public class SqliteOrders {

	private static final List<String> REGIONS = List.of("central", "east", "north", "south", "west");

	private final JdbcOperations jdbc;

	/**
	 * Creates the orders table and fills it with {@code orders} generated orders, unless
	 * it holds some already.
	 * @param jdbc the offloaded SQLite template
	 * @param orders how many orders to generate
	 */
	SqliteOrders(JdbcOperations jdbc, int orders) {
		this.jdbc = jdbc;
		jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, region TEXT NOT NULL, "
				+ "items INTEGER NOT NULL, cents INTEGER NOT NULL)");
		Long existing = jdbc.queryForObject("SELECT count(*) FROM orders", Long.class);
		if (existing == null || existing == 0) {
			StringBuilder regions = new StringBuilder("CASE i % 5");
			for (int i = 0; i < REGIONS.size(); i++) {
				regions.append(" WHEN ").append(i).append(" THEN '").append(REGIONS.get(i)).append('\'');
			}
			regions.append(" END");
			jdbc.update("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + orders
					+ ") INSERT INTO orders (id, region, items, cents) SELECT i, " + regions
					+ ", 1 + i % 7, 100 + (i * 37) % 10000 FROM n");
		}
	}

	/**
	 * Streams every order and sums them up by region: one call of the template, whose row
	 * callback runs on the pool thread for each row.
	 * @return the report
	 */
	public SqliteReport report() {
		long start = System.nanoTime();
		Map<String, long[]> byRegion = new TreeMap<>();
		String[] thread = new String[1];
		long[] rows = new long[1];
		this.jdbc.query("SELECT region, items, cents FROM orders", (row) -> {
			long[] totals = byRegion.computeIfAbsent(row.getString(1), (region) -> new long[3]);
			totals[0]++;
			totals[1] += row.getLong(2);
			totals[2] += row.getLong(3);
			rows[0]++;
			thread[0] = Thread.currentThread().getName();
		});
		List<SqliteReport.Region> regions = new ArrayList<>();
		byRegion
			.forEach((region, totals) -> regions.add(new SqliteReport.Region(region, totals[0], totals[1], totals[2])));
		return new SqliteReport(rows[0], regions, (thread[0] != null) ? thread[0] : "",
				(System.nanoTime() - start) / 1e6);
	}

	/**
	 * Places an order in a transaction of the SQLite transaction manager: its insert and
	 * the count that follows see the same connection.
	 * @param region the region, one of the five
	 * @param items the items, at least 1
	 * @param cents the price in cents, at least 0
	 * @return the order's id and the orders of its region after it
	 */
	@Transactional(SqliteConfiguration.TRANSACTION_MANAGER)
	public PlacedOrder place(String region, int items, long cents) {
		if (!REGIONS.contains(region)) {
			throw new IllegalArgumentException("region must be one of " + REGIONS + ", but was '" + region + "'");
		}
		if (items < 1 || cents < 0) {
			throw new IllegalArgumentException(
					"items must be at least 1 and cents at least 0, but were " + items + " and " + cents);
		}
		Long id = this.jdbc.queryForObject("INSERT INTO orders (region, items, cents) VALUES (?, ?, ?) RETURNING id",
				Long.class, region, items, cents);
		Long inRegion = this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE region = ?", Long.class, region);
		return new PlacedOrder((id != null) ? id : -1, region, (inRegion != null) ? inRegion : 0);
	}

	/**
	 * An order placed.
	 *
	 * @param id its id
	 * @param region its region
	 * @param ordersInRegion the orders of its region, itself included
	 */
	public record PlacedOrder(long id, String region, long ordersInRegion) {

	}

}
