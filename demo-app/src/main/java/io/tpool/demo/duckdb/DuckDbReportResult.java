package io.tpool.demo.duckdb;

import java.util.List;

/**
 * What the report query answered, and where it ran.
 *
 * @param rows the orders the query aggregated
 * @param regions the sales by region, in the order of the region's name
 * @param thread the name of the thread that executed the query, as DuckDB saw it from
 * inside the query
 * @param virtual whether that thread was a virtual thread (holding its carrier meanwhile)
 * @param millis how long the query took, as its caller measured it
 * @since 0.2.0
 */
public record DuckDbReportResult(long rows, List<RegionSales> regions, String thread, boolean virtual, double millis) {

	public DuckDbReportResult {
		regions = List.copyOf(regions);
	}

}
