package io.tpool.demo.database;

import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs SQL through {@link JdbcTemplate} on Boot's own DataSource, which the application
 * wraps with {@code tpool.proxies.dataSource}: the SQL runs on a pool thread.
 *
 * @since 0.1.0
 */
@RestController
class DatabaseController {

	private final JdbcTemplate jdbc;

	DatabaseController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/db/thread")
	Map<String, String> thread() {
		String thread = this.jdbc.queryForObject("SELECT THREAD_NAME()", String.class);
		return Map.of("thread", Objects.requireNonNull(thread));
	}

}
