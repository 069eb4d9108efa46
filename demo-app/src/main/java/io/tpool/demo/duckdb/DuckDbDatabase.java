package io.tpool.demo.duckdb;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBScalarFunctionBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The demo's DuckDB database: in memory, opened at startup with a generated table of
 * orders that is large enough for the report query to run for tens of milliseconds in
 * native code. Where DuckDB cannot start (its native library does not load on this
 * platform), the database is unavailable and says why, and the rest of the application
 * runs on.
 * <p>
 * DuckDB runs each query on the calling thread alone ({@code threads = 1}): a query then
 * holds exactly the thread that made the call, a carrier when that is a virtual thread,
 * and neither DuckDB's own worker threads nor its intra-query parallelism blur what the
 * caller's thread (or the pool's size) decides.
 * <p>
 * Two functions written in Java, {@code thread_name()} and {@code thread_is_virtual()},
 * tell inside a query which thread executes it.
 *
 * @since 0.2.0
 */
public final class DuckDbDatabase implements AutoCloseable {

	/** Loaded by name, through the application's class loader, as a DataSource would. */
	static final String DRIVER_CLASS = "org.duckdb.DuckDBDriver";

	private static final Log logger = LogFactory.getLog(DuckDbDatabase.class);

	private static final String CREATE_ORDERS = """
			CREATE TABLE orders AS
			SELECT i AS id,
				['central', 'east', 'north', 'south', 'west'][1 + i %% 5] AS region,
				1 + (i * 7) %% 9 AS quantity,
				100 + (i * 7919) %% 9900 AS price_cents
			FROM range(%d) AS t(i)""";

	private final String url;

	private final long rows;

	private final @Nullable Driver driver;

	/**
	 * Keeps the in-memory database alive: DuckDB drops it with its last connection.
	 */
	private final @Nullable Connection keeper;

	private final @Nullable String unavailableReason;

	private DuckDbDatabase(String url, long rows, @Nullable Driver driver, @Nullable Connection keeper,
			@Nullable String unavailableReason) {
		this.url = url;
		this.rows = rows;
		this.driver = driver;
		this.keeper = keeper;
		this.unavailableReason = unavailableReason;
	}

	/**
	 * Opens a new in-memory database and generates its orders; never fails for want of
	 * DuckDB.
	 * @param classLoader the class loader to load DuckDB's driver through, {@code null}
	 * for the default one
	 * @param rows the orders to generate, at least 1
	 * @return the database, available or not
	 */
	public static DuckDbDatabase open(@Nullable ClassLoader classLoader, long rows) {
		// Each database of its own name: DuckDB shares an in-memory database between the
		// connections to the same name in a process, and two application contexts (two
		// tests) must not share one.
		String url = "jdbc:duckdb::memory:tpool-demo-" + UUID.randomUUID();
		Driver driver = null;
		Connection keeper = null;
		long start = System.nanoTime();
		try {
			driver = (Driver) ClassUtils.forName(DRIVER_CLASS, classLoader).getDeclaredConstructor().newInstance();
			keeper = connect(driver, url);
			try (Statement statement = keeper.createStatement()) {
				statement.execute("SET threads = 1");
				statement.execute(CREATE_ORDERS.formatted(rows));
			}
			registerThreadFunctions(keeper);
			logger.info("DuckDB database with %,d orders ready in %d ms".formatted(rows,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
			return new DuckDbDatabase(url, rows, driver, keeper, null);
		}
		catch (Exception | LinkageError ex) {
			closeQuietly(keeper);
			String reason = reason(ex);
			logger.warn(reason + " The DuckDB endpoints answer 503; the rest of the application runs on.", ex);
			return new DuckDbDatabase(url, rows, driver, null, reason);
		}
	}

	private static Connection connect(Driver driver, String url) throws SQLException {
		Connection connection = driver.connect(url, new Properties());
		if (connection == null) {
			throw new SQLException("DuckDB's driver did not accept " + url);
		}
		return connection;
	}

	private static void registerThreadFunctions(Connection connection) throws SQLException {
		// Volatile: evaluated when the query executes, on the thread that executes it,
		// not
		// folded into a constant when it is planned.
		try (DuckDBScalarFunctionBuilder function = DuckDBFunctions.scalarFunction()) {
			function.withName("thread_name")
				.withReturnType(String.class)
				.withFunction(() -> Thread.currentThread().getName())
				.withVolatile()
				.register(connection);
		}
		try (DuckDBScalarFunctionBuilder function = DuckDBFunctions.scalarFunction()) {
			function.withName("thread_is_virtual")
				.withReturnType(Boolean.class)
				.withFunction(() -> Thread.currentThread().isVirtual())
				.withVolatile()
				.register(connection);
		}
	}

	private static String reason(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String detail = (root == failure) ? failure.toString() : failure + ", caused by " + root;
		if (failure instanceof LinkageError) {
			return "DuckDB's native library could not be loaded on %s %s: %s.".formatted(System.getProperty("os.name"),
					System.getProperty("os.arch").toLowerCase(Locale.ROOT), detail);
		}
		return "DuckDB could not be started: " + detail + ".";
	}

	private static void closeQuietly(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close DuckDB connection", ex);
			}
		}
	}

	/**
	 * Opens a connection to the database.
	 * @return a new connection
	 * @throws SQLException if DuckDB is unavailable or refuses the connection
	 */
	public Connection connect() throws SQLException {
		Driver driver = this.driver;
		if (this.unavailableReason != null || driver == null) {
			throw new SQLException(this.unavailableReason);
		}
		return connect(driver, this.url);
	}

	/**
	 * Fails unless DuckDB runs in this process.
	 * @throws DuckDbUnavailableException with the reason why it does not
	 */
	public void checkAvailable() {
		if (this.unavailableReason != null) {
			throw new DuckDbUnavailableException(this.unavailableReason);
		}
	}

	/**
	 * Whether DuckDB runs in this process.
	 * @return whether the database is open
	 */
	public boolean isAvailable() {
		return this.unavailableReason == null;
	}

	/**
	 * Why DuckDB does not run in this process.
	 * @return the reason, or {@code null} while it runs
	 */
	public @Nullable String unavailableReason() {
		return this.unavailableReason;
	}

	/**
	 * The orders the table holds.
	 * @return the rows generated at startup
	 */
	public long rows() {
		return this.rows;
	}

	/**
	 * Drops the in-memory database.
	 */
	@Override
	public void close() {
		closeQuietly(this.keeper);
	}

}
