/**
 * JDBC on Boot's own DataSource, which {@code tpool.proxies.dataSource} runs on the pool.
 */
@NullMarked
package io.tpool.demo.database;

import org.jspecify.annotations.NullMarked;
