package io.tpool.demo.duckdb;

/**
 * One row of the report: the orders of a region and what they sold.
 *
 * @param region the region
 * @param orders its orders
 * @param items the items its orders sold
 * @param revenueCents their revenue, in cents
 * @since 0.2.0
 */
public record RegionSales(String region, long orders, long items, long revenueCents) {

}
