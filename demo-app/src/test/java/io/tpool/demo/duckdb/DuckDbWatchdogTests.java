package io.tpool.demo.duckdb;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tpool.watchdog.CarrierWatchdog;
import io.tpool.watchdog.StarvationFinding;
import io.tpool.demo.LocalServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the application's carrier watchdog under DuckDB load over HTTP: 50 concurrent
 * {@code /duckdb/report/direct} requests, each running DuckDB's report query (tens of
 * milliseconds in C++ through JNI) on its request's virtual thread. No query keeps its
 * carrier past the threshold on a quiet machine, and the carriers compute rather than
 * block, but they stay in native code while requests queue for them: the watchdog names
 * the site. The site is the application's code that called into the library whose native
 * method held the carrier: the demo's call into DuckDB, {@link DuckDbReport#run()}, with
 * DuckDB's native entry point as its detail, and the demo's controller among its callers.
 * The same queries offloaded ({@code /duckdb/report}, through {@code duckdbDataSource} on
 * the pool {@code duckdb}) leave the carriers free: no finding.
 * <p>
 * A context of its own: the watchdog of a context that other tests loaded with direct
 * reports has found the site and logged it already, and logs it again only a minute
 * later.
 * <p>
 * The requests are sent from virtual threads; the HTTP client's own work runs on platform
 * threads, so that it does not wait for carriers itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class DuckDbWatchdogTests {

	/** DuckDB's JNI methods: which one runs the query depends on the JDBC call. */
	private static final String NATIVE_METHODS = "org.duckdb.DuckDBNative.";

	private static final String SITE = DuckDbReport.class.getName() + ".run";

	private static final String OFFLOADED = "/duckdb/report";

	private static final int REPORTS = 50;

	/**
	 * Generous: a round of 50 reports takes 2 to 3 s on a quiet 2-core machine, up to
	 * several times as long on a busy one.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(180);

	/**
	 * At most this many rounds of 50 direct reports until the watchdog names the site.
	 */
	private static final int ROUNDS = 5;

	/** Time for a cycle of dumps that began before the load ended to report. */
	private static final Duration REPORT_WAIT = Duration.ofSeconds(3);

	@LocalServerPort
	private int port;

	@Autowired
	private CarrierWatchdog watchdog;

	private LocalServerClient client;

	@BeforeEach
	void createClient() throws Exception {
		this.client = new LocalServerClient(this.port, Duration.ofSeconds(60));
		assertThat(this.client.get("/duckdb/report/direct").statusCode()).isEqualTo(200);
		assertThat(this.client.get(OFFLOADED).statusCode()).isEqualTo(200);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void fiftyConcurrentDirectReportsAreFoundAtTheReportsCallIntoDuckDbsNativeCode(CapturedOutput output) {
		StarvationFinding finding = assertTimeoutPreemptively(TIMEOUT, () -> {
			for (int round = 1; round <= ROUNDS; round++) {
				List<HttpResponse<String>> responses = sendConcurrently("/duckdb/report/direct");
				assertThat(responses).allSatisfy((response) -> {
					assertThat(response.statusCode()).isEqualTo(200);
					assertThat(response.body()).contains("\"virtual\":true");
				});
				StarvationFinding found = awaitDuckDbFinding(REPORT_WAIT);
				if (found != null) {
					System.out.printf("DuckDB's site found after %d round(s) of %d direct reports%n", round, REPORTS);
					return found;
				}
			}
			return null;
		});
		assertThat(finding).as("a finding at the report's call into DuckDB after %d rounds", ROUNDS).isNotNull();
		assertThat(finding.nativeMethod()).startsWith(NATIVE_METHODS);
		assertThat(finding.callers()).noneMatch((caller) -> caller.startsWith("org.duckdb."))
			.anyMatch((caller) -> caller.startsWith(DuckDbController.class.getName() + "."));
		String warning = output.getOut()
			.lines()
			.filter((line) -> line.contains("Carrier starvation at " + SITE + " (DuckDbReport.java:"))
			.findFirst()
			.orElseThrow();
		assertThat(warning).contains(", in native method " + NATIVE_METHODS)
			.contains("@Offload(pool = \"...\") on one of the application's named pools (duckdb, sqlite)");
		// Within the threshold each query, as on a quiet machine: the carriers were in
		// native code; past it, on a loaded machine, a query kept its carrier
		assertThat(warning).containsAnyOf(": carriers in native code for ", ": a virtual thread kept its carrier for ");
	}

	@Test
	void fiftyConcurrentReportsOffloadedToAPoolAreNoFinding(CapturedOutput output) {
		long before = duckDbEpisodes();
		assertTimeoutPreemptively(TIMEOUT, () -> {
			List<HttpResponse<String>> responses = sendConcurrently(OFFLOADED);
			assertThat(responses).allSatisfy((response) -> {
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).contains("\"thread\":\"duckdb-", "\"virtual\":false");
			});
			Thread.sleep(REPORT_WAIT);
		});
		assertThat(duckDbEpisodes()).isEqualTo(before);
		assertThat(output.getOut()).doesNotContain("Carrier starvation");
	}

	/** Sends 50 requests at once, each from a virtual thread of its own. */
	private List<HttpResponse<String>> sendConcurrently(String path) throws InterruptedException {
		List<Thread> senders = new ArrayList<>();
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < REPORTS; i++) {
			senders.add(Thread.ofVirtual().name("report-client-" + i).start(() -> {
				HttpResponse<String> response = this.client.get(path);
				synchronized (responses) {
					responses.add(response);
				}
			}));
		}
		for (Thread sender : senders) {
			sender.join();
		}
		assertThat(responses).hasSize(REPORTS);
		return responses;
	}

	private StarvationFinding awaitDuckDbFinding(Duration wait) throws InterruptedException {
		long end = System.nanoTime() + wait.toNanos();
		StarvationFinding finding = duckDbFinding();
		while (finding == null && System.nanoTime() - end < 0) {
			TimeUnit.MILLISECONDS.sleep(100);
			finding = duckDbFinding();
		}
		return finding;
	}

	private StarvationFinding duckDbFinding() {
		return this.watchdog.findings()
			.stream()
			.filter((finding) -> finding.site().equals(SITE))
			.findFirst()
			.orElse(null);
	}

	private long duckDbEpisodes() {
		return this.watchdog.findings()
			.stream()
			.filter((finding) -> finding.site().equals(SITE))
			.mapToLong(StarvationFinding::episodes)
			.sum();
	}

}
