package io.tpool.demo.sqlite;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SQLite's report over HTTP.
 *
 * @since 0.3.0
 */
@RestController
class SqliteController {

	private final SqliteOrders orders;

	SqliteController(SqliteOrders orders) {
		this.orders = orders;
	}

	@GetMapping("/sqlite/report")
	SqliteReport report() {
		return this.orders.report();
	}

}
