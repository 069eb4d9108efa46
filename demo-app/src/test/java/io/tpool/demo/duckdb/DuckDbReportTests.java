package io.tpool.demo.duckdb;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

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
		AtomicReference<DuckDbReportResult> result = new AtomicReference<>();
		Thread caller = builder.unstarted(() -> result.set(report().run()));
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
