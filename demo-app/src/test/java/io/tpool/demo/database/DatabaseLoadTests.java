package io.tpool.demo.database;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.tpool.demo.LocalServerClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code /db/thread} through Boot's own HikariCP DataSource (10 connections) under
 * {@code tpool.proxies.dataSource} (the pool's 20 threads), at 200 concurrent requests:
 * more than connections and threads together, which deadlocked in 0.2 (the pool's threads
 * waited for connections that callers waiting for a pool thread held). Every request
 * answers, and so does {@code /actuator/health} meanwhile.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DatabaseLoadTests {

	private static final int REQUESTS = 200;

	@LocalServerPort
	private int port;

	@Test
	void twoHundredConcurrentRequestsThroughTheWrappedConnectionPoolAllAnswer() {
		try (LocalServerClient client = new LocalServerClient(this.port, Duration.ofSeconds(60))) {
			assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
				long start = System.nanoTime();
				List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, REQUESTS)
					.mapToObj((i) -> client.send("/db/thread"))
					.toList();
				HttpResponse<String> health = client.send("/actuator/health").get(30, TimeUnit.SECONDS);
				assertThat(health.statusCode()).isEqualTo(200);
				for (CompletableFuture<HttpResponse<String>> answer : answers) {
					HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
					assertThat(response.statusCode()).isEqualTo(200);
					assertThat(response.body()).contains("\"thread\":\"tpool-");
				}
				System.out.printf(Locale.ROOT, "%d concurrent /db/thread answered in %.0f ms%n", REQUESTS,
						(System.nanoTime() - start) / 1e6);
			});
		}
	}

}
