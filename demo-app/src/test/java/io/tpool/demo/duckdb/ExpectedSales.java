package io.tpool.demo.duckdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's answer worked out in Java from the formulas that generate the orders, to
 * check DuckDB's aggregate against: order {@code i} is in region {@code i % 5} (in the
 * order of the regions' names), sells {@code 1 + (i * 7) % 9} items at
 * {@code 100 + (i * 7919) % 9900} cents each.
 */
final class ExpectedSales {

	private static final String[] REGIONS = { "central", "east", "north", "south", "west" };

	private ExpectedSales() {
	}

	static List<RegionSales> of(long rows) {
		long[] orders = new long[REGIONS.length];
		long[] items = new long[REGIONS.length];
		long[] revenueCents = new long[REGIONS.length];
		for (long i = 0; i < rows; i++) {
			int region = (int) (i % REGIONS.length);
			long quantity = 1 + (i * 7) % 9;
			long priceCents = 100 + (i * 7919) % 9900;
			orders[region]++;
			items[region] += quantity;
			revenueCents[region] += quantity * priceCents;
		}
		List<RegionSales> sales = new ArrayList<>();
		for (int region = 0; region < REGIONS.length; region++) {
			sales.add(new RegionSales(REGIONS[region], orders[region], items[region], revenueCents[region]));
		}
		return sales;
	}

}
