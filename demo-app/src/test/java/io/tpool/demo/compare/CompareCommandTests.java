package io.tpool.demo.compare;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tpool.demo.DemoApplication;
import io.tpool.scheduler.VirtualThreadScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompareCommand}.
 *
 * @since 0.1.0
 */
@ExtendWith(OutputCaptureExtension.class)
class CompareCommandTests {

	@Test
	void compareStartsTheApplicationWithoutAWebServer() {
		assertThat(CompareCommand.application(DemoApplication.class).application().getWebApplicationType())
			.isEqualTo(WebApplicationType.NONE);
	}

	@Test
	void comparePrintsTheDirectTheCompensatedAndTheOffloadedRunOf400CallsThenOf50DuckDbReports()
			throws InterruptedException {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		assertThat(scheduler).isNotNull();
		int base = scheduler.parallelism();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompareCommand.Tables tables = CompareCommand.compare(DemoApplication.class,
				new String[] { CompareCommand.FLAG }, new PrintStream(out, true, StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		String duckDb = "50 concurrent DuckDB report queries over 2,000,000 orders from virtual threads, 2 carriers, "
				+ "tpool duckdb size 2";
		assertThat(text).startsWith("400 concurrent 20 ms native calls (libc usleep) from virtual threads")
			.contains(duckDb);
		String calls = text.substring(0, text.indexOf(duckDb));
		String reports = text.substring(text.indexOf(duckDb));
		assertThat(reports.lines()).contains(duckDb)
			.anySatisfy((line) -> assertThat(line).startsWith("| mode                | queries/s |"));
		for (String table : List.of(calls, reports)) {
			assertThat(rows(table)).containsExactly("| direct              |", "| direct, compensated |",
					"| offloaded           |");
			assertThat(table).contains("direct, compensated: compensation was on at ");
		}
		assertCompensatedInTheMiddleRowOnly(tables.nativeCalls(), base);
		assertCompensatedInTheMiddleRowOnly(tables.duckDb(), base);
		assertThat(scheduler.parallelism()).isEqualTo(base);
	}

	/** The mode column of each row of a table, in their order. */
	private static List<String> rows(String table) {
		return table.lines()
			.filter((line) -> line.startsWith("| ") && !line.startsWith("| mode "))
			.map((line) -> line.substring(0, line.indexOf(" |") + 2))
			.toList();
	}

	/**
	 * The row "direct, compensated" ran between "direct" and "offloaded" with the
	 * watchdog's compensation on at every reading of the carriers, and the rows around it
	 * with compensation off and the parallelism at its base throughout.
	 */
	private static void assertCompensatedInTheMiddleRowOnly(List<Comparison.Run> runs, int base) {
		assertThat(runs).extracting(Comparison.Run::mode).containsExactly("direct", "direct, compensated", "offloaded");
		Comparison.Carriers compensated = runs.get(1).carriers();
		assertThat(runs.get(1).ran()).isTrue();
		assertThat(compensated.compensatedThroughout()).isTrue();
		assertThat(compensated.base()).isEqualTo(base);
		assertThat(List.of(runs.get(0), runs.get(2))).allSatisfy((run) -> {
			assertThat(run.carriers().readings()).isPositive();
			assertThat(run.carriers().compensating()).isZero();
			assertThat(run.carriers().most()).isEqualTo(base);
		});
	}

	@Test
	void duringTheDirectRunTheWatchdogNamesTheNativeCallSite(CapturedOutput output) throws InterruptedException {
		CompareCommand.run(DemoApplication.class, new String[] { CompareCommand.FLAG },
				new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
		// The demo's own call into the C library's binding, which is a library's code.
		assertThat(output.getOut()).contains("WARN")
			.contains("Carrier starvation at io.tpool.demo.nativecall.NativeClient.sleep")
			.contains("carriers blocked, ");
	}

}
