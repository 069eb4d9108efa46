package io.tpool.demo.sqlite;

import java.util.List;

/**
 * The orders summed up by region, with the thread that read the rows.
 *
 * @param rows the orders read
 * @param regions the totals of each region
 * @param thread the thread on which the rows were read: a thread of the pool
 * {@code sqlite} through the offloaded template
 * @param millis how long the report took
 * @since 0.3.0
 */
public record SqliteReport(long rows, List<Region> regions, String thread, double millis) {

	/**
	 * The totals of one region.
	 *
	 * @param region the region
	 * @param orders its orders
	 * @param items their items
	 * @param cents their prices in cents
	 */
	public record Region(String region, long orders, long items, long cents) {

	}

}
