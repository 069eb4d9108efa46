package io.tpool.demo.compare;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ComparisonTable}.
 *
 * @since 0.1.0
 */
class ComparisonTableTests {

	@Test
	void formatsARowPerRunUnderAHeadingThatSaysWhatRan() {
		String table = ComparisonTable.format(List.of(
				new Comparison.Run("direct", 400, Duration.ofMillis(4000), Duration.ofMillis(2000),
						Duration.ofMillis(3960), 790),
				new Comparison.Run("offloaded", 400, Duration.ofMillis(400), Duration.ofNanos(120_000),
						Duration.ofNanos(450_000), 80)),
				20, 2, 20);
		assertThat(table.lines()).containsExactly(
				"400 concurrent 20 ms native calls (libc usleep) from virtual threads, 2 carriers, tpool size 20", "",
				"| mode      |  calls/s |   elapsed | fresh vthread start p50 | fresh vthread start p99 |",
				"|-----------|---------:|----------:|------------------------:|------------------------:|",
				"| direct    |      100 |   4000 ms |               2000.0 ms |               3960.0 ms |",
				"| offloaded |     1000 |    400 ms |                  0.1 ms |                  0.5 ms |");
	}

	@Test
	void aWiderRateHeadingWidensItsColumn() {
		String table = ComparisonTable.format("50 concurrent DuckDB report queries", "queries/s",
				List.of(new Comparison.Run("direct", 50, Duration.ofMillis(1250), Duration.ofMillis(600),
						Duration.ofMillis(1200), 250),
						new Comparison.Run("offloaded", 50, Duration.ofMillis(2000), Duration.ofNanos(40_000),
								Duration.ofNanos(2_250_000), 400)));
		assertThat(table.lines()).containsExactly("50 concurrent DuckDB report queries", "",
				"| mode      | queries/s |   elapsed | fresh vthread start p50 | fresh vthread start p99 |",
				"|-----------|----------:|----------:|------------------------:|------------------------:|",
				"| direct    |        40 |   1250 ms |                600.0 ms |               1200.0 ms |",
				"| offloaded |        25 |   2000 ms |                  0.0 ms |                  2.3 ms |");
	}

	@Test
	void theCompensatedRowWidensTheModeColumnAndALineSaysWhatCompensationAdded() {
		String table = ComparisonTable.format("400 concurrent calls", "calls/s",
				List.of(new Comparison.Run("direct", 400, Duration.ofMillis(4000), Duration.ofMillis(2000),
						Duration.ofMillis(3960), 790, new Comparison.Carriers(2, 2, 800, 0, 0), null),
						new Comparison.Run("direct, compensated", 400, Duration.ofMillis(800), Duration.ofMillis(30),
								Duration.ofMillis(120), 150, new Comparison.Carriers(2, 18, 160, 160, 23), null),
						new Comparison.Run("offloaded", 400, Duration.ofMillis(400), Duration.ofNanos(120_000),
								Duration.ofNanos(450_000), 80, new Comparison.Carriers(2, 2, 82, 0, 0), null)));
		assertThat(table.lines()).containsExactly("400 concurrent calls", "",
				"| mode                |  calls/s |   elapsed | fresh vthread start p50 | fresh vthread start p99 |",
				"|---------------------|---------:|----------:|------------------------:|------------------------:|",
				"| direct              |      100 |   4000 ms |               2000.0 ms |               3960.0 ms |",
				"| direct, compensated |      500 |    800 ms |                 30.0 ms |                120.0 ms |",
				"| offloaded           |     1000 |    400 ms |                  0.1 ms |                  0.5 ms |",
				"", "direct, compensated: compensation was on at 160 of 160 readings of the carriers "
						+ "and added 23 carriers, parallelism up to 18 (from 2).");
	}

	@Test
	void aCompensatedRunThatAddedNoCarrierSaysWhyNot() {
		String table = ComparisonTable.format("400 concurrent calls", "calls/s",
				List.of(new Comparison.Run("direct, compensated", 400, Duration.ofMillis(4000), Duration.ofMillis(2000),
						Duration.ofMillis(3960), 790, new Comparison.Carriers(2, 2, 800, 800, 0), null)));
		assertThat(table.lines()).last()
			.isEqualTo("direct, compensated: compensation was on at 800 of 800 readings of the carriers and added "
					+ "none: no call held its carrier for compensation's delay (tpool.watchdog.compensation.after).");
	}

	@Test
	void aModeThatDidNotRunSaysWhyInItsRow() {
		String table = ComparisonTable.format("400 concurrent calls", "calls/s",
				List.of(new Comparison.Run("direct", 400, Duration.ofMillis(4000), Duration.ofMillis(2000),
						Duration.ofMillis(3960), 790),
						Comparison.Run.notRun("direct, compensated", 400, "n/a: needs JDK 24")));
		assertThat(table.lines()).containsExactly("400 concurrent calls", "",
				"| mode                |  calls/s |   elapsed | fresh vthread start p50 | fresh vthread start p99 |",
				"|---------------------|---------:|----------:|------------------------:|------------------------:|",
				"| direct              |      100 |   4000 ms |               2000.0 ms |               3960.0 ms |",
				"| direct, compensated | n/a: needs JDK 24 |");
	}

}
