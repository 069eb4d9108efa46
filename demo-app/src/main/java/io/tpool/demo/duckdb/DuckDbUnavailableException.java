package io.tpool.demo.duckdb;

/**
 * DuckDB could not be started in this process, for example because its native library
 * does not load on this platform; answered with {@code 503}.
 *
 * @since 0.2.0
 */
public class DuckDbUnavailableException extends RuntimeException {

	DuckDbUnavailableException(String message) {
		super(message);
	}

}
