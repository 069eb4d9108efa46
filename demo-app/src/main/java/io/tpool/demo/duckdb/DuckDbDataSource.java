package io.tpool.demo.duckdb;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A {@link javax.sql.DataSource} of the demo's DuckDB database: each connection is a new
 * DuckDB connection to the same in-memory database, which costs well under a millisecond,
 * so no connection pool stands between the caller and DuckDB.
 *
 * @since 0.2.0
 */
public final class DuckDbDataSource extends AbstractDataSource {

	private final DuckDbDatabase database;

	public DuckDbDataSource(DuckDbDatabase database) {
		this.database = database;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.database.connect();
	}

	/**
	 * DuckDB has no users: the same as {@link #getConnection()}.
	 */
	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

}
