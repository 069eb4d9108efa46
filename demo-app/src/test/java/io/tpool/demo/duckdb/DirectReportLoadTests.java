package io.tpool.demo.duckdb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /ping} while 50 concurrent {@code /duckdb/report/direct} requests run
 * DuckDB's query on their own virtual threads: the queries keep both carriers, and
 * {@code /ping} waits for one. Pings are sent at a fixed rate whether or not earlier ones
 * have answered, so that a stall counts once for every ping it delays. The client runs on
 * platform threads, so that it does not wait for carriers itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DirectReportLoadTests {

	private static final int REPORTS = 50;

	private static final Duration PING_INTERVAL = Duration.ofMillis(10);

	/**
	 * What the offloaded reports must stay within at p99 (issue 16); direct ones do not.
	 */
	private static final Duration PROMPT = Duration.ofMillis(50);

	@LocalServerPort
	private int port;

	private ExecutorService executor;

	private HttpClient http;

	@BeforeEach
	void createClient() throws Exception {
		this.executor = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon(true).factory());
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(this.executor)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		for (int i = 0; i < 5; i++) {
			send("/ping").get(30, TimeUnit.SECONDS);
		}
		send("/duckdb/report/direct").get(30, TimeUnit.SECONDS);
	}

	@AfterEach
	void closeClient() {
		this.http.close();
		this.executor.shutdownNow();
	}

	@Test
	void pingWaitsForACarrierWhileFiftyDirectReportsHoldThem() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> reports = IntStream.range(0, REPORTS)
			.mapToObj((i) -> send("/duckdb/report/direct"))
			.toList();
		CompletableFuture<Void> allReports = CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new));
		List<CompletableFuture<Duration>> pings = new ArrayList<>();
		long next = System.nanoTime();
		while (!allReports.isDone()) {
			long sent = System.nanoTime();
			pings.add(send("/ping").thenApply((response) -> {
				assertThat(response.body()).isEqualTo("pong");
				return Duration.ofNanos(System.nanoTime() - sent);
			}));
			next += PING_INTERVAL.toNanos();
			LockSupport.parkNanos(next - System.nanoTime());
		}
		allReports.get(60, TimeUnit.SECONDS);
		CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		assertThat(reports).allSatisfy((report) -> {
			HttpResponse<String> response = report.join();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"thread\":\"tomcat-handler-", "\"virtual\":true");
		});
		long[] latencies = pings.stream().mapToLong((ping) -> ping.join().toNanos()).sorted().toArray();
		System.out.printf(Locale.ROOT,
				"/ping under %d direct DuckDB reports: %d pings, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", REPORTS,
				latencies.length, millis(latencies, 0.50), millis(latencies, 0.99), millis(latencies, 1.0));
		assertThat(latencies).hasSizeGreaterThanOrEqualTo(10);
		assertThat(millis(latencies, 0.99)).isGreaterThan(PROMPT.toMillis());
	}

	private CompletableFuture<HttpResponse<String>> send(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.sendAsync(request, BodyHandlers.ofString());
	}

	private static double millis(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(index, 0)] / 1e6;
	}

}
