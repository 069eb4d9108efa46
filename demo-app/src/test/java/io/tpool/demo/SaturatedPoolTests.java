package io.tpool.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import io.tpool.Tpool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the monitoring endpoints while slow offloaded calls saturate the pool: they
 * must not wait for it. The client runs on platform threads, so that it does not wait for
 * carriers itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SaturatedPoolTests {

	/** Five waves of calls through the pool's 20 threads: 2.5 s of saturation. */
	private static final int CALLS = 100;

	private static final int MILLIS = 500;

	private static final Duration PROMPT = Duration.ofMillis(250);

	/**
	 * Each endpoint is probed this many times and its fastest answer counts: an endpoint
	 * that waits for the pool waits every time, while the other engineers' builds on this
	 * 2-core machine only slow down some answers.
	 */
	private static final int PROBES = 3;

	@LocalServerPort
	private int port;

	@Autowired
	private Tpool pool;

	private LocalServerClient client;

	@BeforeEach
	void createClient() {
		this.client = new LocalServerClient(this.port, Duration.ofSeconds(20));
		// Warm up the endpoints, so that what is measured is the wait, not the first
		// scrape's class loading.
		for (int i = 0; i < 5; i++) {
			this.client.get("/actuator/prometheus");
			this.client.get("/actuator/health");
		}
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void prometheusAndHealthAnswerPromptlyWhileSlowCallsSaturateThePool() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, CALLS)
			.mapToObj((i) -> this.client.send("/native?millis=" + MILLIS))
			.toList();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.pool.stats().active() == this.pool.size() && this.pool.stats().queued() > 0);
			Answer prometheus = timed("/actuator/prometheus");
			Answer health = timed("/actuator/health");
			int queued = this.pool.stats().queued();
			assertThat(prometheus.status()).isEqualTo(200);
			assertThat(prometheus.body()).contains("tpool_saturation{name=\"tpool\"}");
			assertThat(prometheus.latency()).isLessThan(PROMPT);
			assertThat(health.status()).isEqualTo(200);
			assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
			assertThat(JsonPath.<String>read(health.body(), "$.components.db.status")).isEqualTo("UP");
			assertThat(health.latency()).isLessThan(PROMPT);
			assertThat(queued).as("calls still queued after the probes").isPositive();
		}
		finally {
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		assertThat(calls).allSatisfy((call) -> assertThat(call.join().statusCode()).isEqualTo(200));
	}

	private Answer timed(String path) {
		Answer fastest = null;
		for (int i = 0; i < PROBES; i++) {
			long sent = System.nanoTime();
			HttpResponse<String> response = this.client.get(path);
			Answer answer = new Answer(response.statusCode(), response.body(),
					Duration.ofNanos(System.nanoTime() - sent));
			if (fastest == null || answer.latency().compareTo(fastest.latency()) < 0) {
				fastest = answer;
			}
		}
		return fastest;
	}

	private record Answer(int status, String body, Duration latency) {

	}

}
