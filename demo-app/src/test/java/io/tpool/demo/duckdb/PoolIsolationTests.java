package io.tpool.demo.duckdb;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.tpool.Tpool;
import io.tpool.demo.LocalServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests that the application's two pools are bulkheads for each other, over a real web
 * server: DuckDB's reports queued on the pool {@code duckdb} do not delay the default
 * pool's {@code usleep} calls ({@code /native}), and {@code usleep} calls queued on the
 * default pool do not delay a DuckDB report ({@code /duckdb/report}). The client runs on
 * platform threads.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PoolIsolationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/**
	 * How long a call that does not queue behind the other pool may take, however busy
	 * the machine: far below what the other pool's queue holds (seconds).
	 */
	private static final Duration PROMPT = Duration.ofMillis(1000);

	@LocalServerPort
	private int port;

	@Autowired
	private Tpool defaultPool;

	@Autowired
	@Qualifier(DuckDbConfiguration.POOL)
	private Tpool duckDbPool;

	private LocalServerClient client;

	@BeforeEach
	void createClient() throws Exception {
		this.client = new LocalServerClient(this.port, Duration.ofSeconds(30));
		this.client.send("/native?millis=1").get(30, TimeUnit.SECONDS);
		this.client.send("/duckdb/report").get(30, TimeUnit.SECONDS);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void nativeCallsOnTheDefaultPoolAnswerPromptlyWhileReportsQueueOnThePoolDuckDb() {
		assertTimeoutPreemptively(PATIENCE, () -> {
			List<CompletableFuture<HttpResponse<String>>> reports = IntStream.range(0, 40)
				.mapToObj((i) -> this.client.send("/duckdb/report"))
				.toList();
			await().atMost(Duration.ofSeconds(20)).until(() -> this.duckDbPool.stats().queued() > 10);
			List<Double> nativeMillis = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = this.client.send("/native?millis=20").get(30, TimeUnit.SECONDS);
				nativeMillis.add((System.nanoTime() - start) / 1e6);
				assertThat(response.body()).contains("\"thread\":\"tpool-", "\"offloaded\":true");
			}
			int stillQueued = this.duckDbPool.stats().queued();
			System.out.printf(Locale.ROOT,
					"/native?millis=20 while reports queue on the pool duckdb: %s ms; reports still queued: %d%n",
					format(nativeMillis), stillQueued);
			assertThat(stillQueued).as("the pool duckdb stayed saturated while the native calls ran").isPositive();
			assertThat(nativeMillis).allSatisfy((millis) -> assertThat(millis).isLessThan(PROMPT.toMillis()));
			CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			assertThat(reports)
				.allSatisfy((report) -> assertThat(report.join().body()).contains("\"thread\":\"duckdb-"));
		});
	}

	@Test
	void aReportOnThePoolDuckDbAnswersPromptlyWhileNativeCallsQueueOnTheDefaultPool() {
		int nativeMillis = 2500;
		assertTimeoutPreemptively(PATIENCE, () -> {
			int calls = this.defaultPool.size() * 2;
			List<CompletableFuture<HttpResponse<String>>> natives = IntStream.range(0, calls)
				.mapToObj((i) -> this.client.send("/native?millis=" + nativeMillis))
				.toList();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.defaultPool.stats().queued() >= this.defaultPool.size() / 2);
			long start = System.nanoTime();
			HttpResponse<String> report = this.client.send("/duckdb/report").get(30, TimeUnit.SECONDS);
			double reportMillis = (System.nanoTime() - start) / 1e6;
			int stillQueued = this.defaultPool.stats().queued();
			System.out.printf(Locale.ROOT,
					"/duckdb/report while %d ms native calls queue on the default pool: %.1f ms; calls still queued: %d%n",
					nativeMillis, reportMillis, stillQueued);
			assertThat(report.statusCode()).isEqualTo(200);
			assertThat(report.body()).contains("\"thread\":\"duckdb-");
			assertThat(stillQueued).as("the default pool stayed saturated while the report ran").isPositive();
			assertThat(reportMillis).isLessThan(PROMPT.toMillis());
			CompletableFuture.allOf(natives.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			assertThat(natives).allSatisfy((call) -> assertThat(call.join().body()).contains("\"thread\":\"tpool-"));
		});
	}

	private static String format(List<Double> millis) {
		return millis.stream()
			.map((value) -> String.format(Locale.ROOT, "%.1f", value))
			.reduce((left, right) -> left + ", " + right)
			.orElse("");
	}

}
