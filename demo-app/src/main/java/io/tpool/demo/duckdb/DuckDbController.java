package io.tpool.demo.duckdb;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * DuckDB's analytical report over HTTP: {@code /duckdb/report} runs the query through the
 * DuckDB {@code DataSource} that tpool wraps, on a thread of the pool {@code duckdb},
 * while the request's virtual thread parks; {@code /duckdb/report/direct} runs it on the
 * request's own virtual thread, which keeps its carrier for the whole query.
 */
@RestController
class DuckDbController {

	private final DuckDbReport offloaded;

	private final DuckDbReport direct;

	DuckDbController(@Qualifier(DuckDbConfiguration.OFFLOADED) DuckDbReport offloaded,
			@Qualifier(DuckDbConfiguration.DIRECT) DuckDbReport direct) {
		this.offloaded = offloaded;
		this.direct = direct;
	}

	@GetMapping("/duckdb/report")
	DuckDbReportResult offloaded() {
		return this.offloaded.run();
	}

	@GetMapping("/duckdb/report/direct")
	DuckDbReportResult direct() {
		return this.direct.run();
	}

}
