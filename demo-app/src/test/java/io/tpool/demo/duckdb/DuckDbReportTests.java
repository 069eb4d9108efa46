package io.tpool.demo.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.tpool.Autowrap;
import io.tpool.Tpool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link DuckDbReport} on a real DuckDB database, small enough to generate in a
 * blink.
 */
class DuckDbReportTests {

	private static final long ROWS = 100_003;

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static DuckDbDatabase database;

	@BeforeAll
	static void openDatabase() {
		database = DuckDbDatabase.open(DuckDbReportTests.class.getClassLoader(), ROWS);
	}

	@AfterAll
	static void closeDatabase() {
		database.close();
	}

	@Test
	void theDatabaseIsAvailableOnThisPlatform() {
		assertThat(database.isAvailable()).isTrue();
		assertThat(database.rows()).isEqualTo(ROWS);
	}

	@Test
	void theReportAggregatesEveryOrderByRegion() {
		DuckDbReportResult result = assertTimeoutPreemptively(PATIENCE, () -> report().run());
		assertThat(result.regions()).containsExactlyElementsOf(ExpectedSales.of(ROWS));
		assertThat(result.rows()).isEqualTo(ROWS);
		assertThat(result.millis()).isPositive();
	}

	@Test
	void aVirtualThreadThatRunsTheReportExecutesTheQueryItself() {
		DuckDbReportResult result = runOn(Thread.ofVirtual().name("virtual-caller"));
		assertThat(result.thread()).isEqualTo("virtual-caller");
		assertThat(result.virtual()).isTrue();
	}

	@Test
	void aPlatformThreadThatRunsTheReportIsNamedAsNotVirtual() {
		DuckDbReportResult result = runOn(Thread.ofPlatform().name("platform-caller"));
		assertThat(result.thread()).isEqualTo("platform-caller");
		assertThat(result.virtual()).isFalse();
	}

	@Test
	void onADataSourceProxiedByAPoolTheQueryRunsOnAPoolThread() {
		try (Tpool pool = Tpool.builder().name("duckdb").size(2).threadNamePrefix("duckdb-").build()) {
			DataSource proxied = pool.proxy(new DuckDbDataSource(database), DataSource.class,
					Autowrap.types(Connection.class, Statement.class, PreparedStatement.class, ResultSet.class));
			DuckDbReportResult result = runOn(Thread.ofVirtual().name("virtual-caller"),
					new DuckDbReport(database, proxied));
			assertThat(result.thread()).startsWith("duckdb-");
			assertThat(result.virtual()).isFalse();
			assertThat(result.regions()).containsExactlyElementsOf(ExpectedSales.of(ROWS));
		}
	}

	@Test
	void closingTheDatabaseDropsItsOrders() {
		DuckDbDatabase other = DuckDbDatabase.open(DuckDbReportTests.class.getClassLoader(), 10);
		DuckDbReport report = new DuckDbReport(other, new DuckDbDataSource(other));
		assertTimeoutPreemptively(PATIENCE, () -> {
			try (Connection connection = other.connect()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			assertThat(report.run().rows()).isEqualTo(10);
			other.close();
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(report::run)
				.withMessageContaining("orders");
		});
	}

	private static DuckDbReportResult runOn(Thread.Builder builder) {
		return runOn(builder, report());
	}

	private static DuckDbReportResult runOn(Thread.Builder builder, DuckDbReport report) {
		AtomicReference<DuckDbReportResult> result = new AtomicReference<>();
		Thread caller = builder.unstarted(() -> result.set(report.run()));
		assertTimeoutPreemptively(PATIENCE, () -> {
			caller.start();
			caller.join();
		});
		return result.get();
	}

	private static DuckDbReport report() {
		return new DuckDbReport(database, new DuckDbDataSource(database));
	}

}
