package io.tpool.demo.duckdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tpool.autoconfigure.watchdog.CarrierWatchdog;
import io.tpool.autoconfigure.watchdog.StarvationFinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the application's carrier watchdog while virtual threads run DuckDB's report
 * query directly, each keeping its carrier in native code. The watchdog's site is the
 * innermost application frame, and DuckDB's JDBC driver counts as application code (it is
 * no framework): the site is DuckDB's native entry point, and its callers lead through
 * DuckDB's statement to the demo's call into DuckDB, {@link DuckDbReport#run()}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class DuckDbWatchdogTests {

	/** DuckDB's JNI methods: which one runs the query depends on the JDBC call. */
	private static final String NATIVE_METHODS = "org.duckdb.DuckDBNative.";

	private static final String CALL_SITE = DuckDbReport.class.getName() + ".run(DuckDbReport.java:";

	/** Long enough for the watchdog to follow a thread that keeps its carrier. */
	private static final Duration LOAD = Duration.ofSeconds(20);

	@Autowired
	private CarrierWatchdog watchdog;

	@Autowired
	@Qualifier(DuckDbConfiguration.DIRECT)
	private DuckDbReport report;

	private final List<Thread> callers = new ArrayList<>();

	private volatile boolean stopCalling;

	@AfterEach
	void stopCallers() throws InterruptedException {
		this.stopCalling = true;
		for (Thread caller : this.callers) {
			assertThat(caller.join(Duration.ofSeconds(30))).isTrue();
		}
	}

	@Test
	void directReportsHoldingTheCarriersAreFoundAtDuckDbsNativeCallMadeByTheReport(CapturedOutput output) {
		for (int i = 0; i < 4; i++) {
			this.callers.add(Thread.ofVirtual().name("report-" + i).start(this::runReports));
		}
		StarvationFinding finding = await().atMost(Duration.ofSeconds(15))
			.until(this::duckDbFinding, (found) -> found != null);
		List<String> callers = finding.callers();
		int callSite = indexOfFirstNotDuckDb(callers);
		assertThat(callSite).as("DuckDB's own frames below the site, then the demo's call: %s", callers).isPositive();
		assertThat(callers.get(callSite)).startsWith(CALL_SITE);
		assertThat(output.getOut()).contains("Carrier starvation at " + finding.site() + " (Native Method)")
			.contains(" <- " + CALL_SITE);
	}

	/**
	 * Runs the report again and again without parking between queries: the virtual thread
	 * keeps its carrier, as a stream of back-to-back queries on a request thread does.
	 */
	private void runReports() {
		long end = System.nanoTime() + LOAD.toNanos();
		while (!this.stopCalling && System.nanoTime() - end < 0) {
			this.report.run();
		}
	}

	private StarvationFinding duckDbFinding() {
		return this.watchdog.findings()
			.stream()
			.filter((finding) -> finding.site().startsWith(NATIVE_METHODS))
			.findFirst()
			.orElse(null);
	}

	private static int indexOfFirstNotDuckDb(List<String> callers) {
		for (int i = 0; i < callers.size(); i++) {
			if (!callers.get(i).startsWith("org.duckdb.")) {
				return i;
			}
		}
		return -1;
	}

}
