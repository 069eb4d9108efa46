package io.tpool.demo.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.tpool.demo.LocalServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /native} under a load that the carriers alone could not carry: 200
 * concurrent 50 ms calls would hold two carriers for 5 s if they were made directly. The
 * client runs on platform threads, so that it does not wait for carriers itself.
 *
 * @since 0.1.0
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OffloadedLoadTests {

	private static final int CALLS = 200;

	private static final int MILLIS = 50;

	/**
	 * What the same load needs at least when every call holds one of two carriers.
	 */
	private static final Duration DIRECT_ON_TWO_CARRIERS = Duration.ofMillis(CALLS * MILLIS / 2);

	@LocalServerPort
	private int port;

	private LocalServerClient client;

	@BeforeEach
	void createClient() throws Exception {
		this.client = new LocalServerClient(this.port, Duration.ofSeconds(20));
		for (int i = 0; i < 5; i++) {
			this.client.get("/native?millis=1");
		}
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void twoHundredConcurrentOffloadedCallsFinishWellUnderWhatTwoCarriersAllowDirectly() throws Exception {
		long start = System.nanoTime();
		List<HttpResponse<String>> responses = load();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"offloaded\":true");
		});
		assertThat(elapsed).isLessThan(DIRECT_ON_TWO_CARRIERS.dividedBy(2));
	}

	@Test
	void pingKeepsAnsweringWhileTwoHundredOffloadedCallsRun() throws Exception {
		List<Ping> pings = new CopyOnWriteArrayList<>();
		AtomicBoolean loading = new AtomicBoolean(true);
		Thread pinger = Thread.ofPlatform().name("pinger").start(() -> {
			while (loading.get()) {
				long sent = System.nanoTime();
				HttpResponse<String> response = this.client.get("/ping");
				pings.add(new Ping(response.body(), Duration.ofNanos(System.nanoTime() - sent)));
			}
		});
		try {
			load();
		}
		finally {
			loading.set(false);
			pinger.join(Duration.ofSeconds(10));
		}
		assertThat(pings).hasSizeGreaterThanOrEqualTo(3).allSatisfy((ping) -> {
			assertThat(ping.body()).isEqualTo("pong");
			assertThat(ping.latency()).isLessThan(Duration.ofSeconds(1));
		});
	}

	private List<HttpResponse<String>> load() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, CALLS)
			.mapToObj((i) -> this.client.send("/native?millis=" + MILLIS))
			.toList();
		CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		return responses.stream().map(CompletableFuture::join).toList();
	}

	private record Ping(String body, Duration latency) {

	}

}
