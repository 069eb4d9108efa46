package io.tpool.demo.duckdb;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * DuckDB's analytical report over HTTP: {@code /duckdb/report/direct} runs the query on
 * the request's own virtual thread, which keeps its carrier for the whole query.
 */
@RestController
class DuckDbController {

	private final DuckDbReport direct;

	DuckDbController(@Qualifier(DuckDbConfiguration.DIRECT) DuckDbReport direct) {
		this.direct = direct;
	}

	@GetMapping("/duckdb/report/direct")
	DuckDbReportResult direct() {
		return this.direct.run();
	}

}
