package io.tpool.autoconfigure.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.tpool.Tpool;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * With {@code management.endpoint.tpool.access=read-only}, as the README shows for
 * applications that want the read side alone, the endpoint reads and never resizes. The
 * context is closed after the class.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tpool", "management.endpoint.tpool.access=read-only",
				"tpool.pools.duckdb.size=4", "spring.datasource.url=jdbc:h2:mem:tpool-endpoint-read-only" })
@DirtiesContext
class TpoolEndpointReadOnlyWebTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	@Qualifier("duckdb")
	private Tpool duckdb;

	@Test
	void readAnswers() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/tpool")).GET().build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"duckdb\"");
	}

	@Test
	void writeIsNotMappedAndLeavesThePoolAsItWas() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/tpool/duckdb"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"size\": 40}"))
			.build());
		assertThat(response.statusCode()).isIn(404, 405);
		assertThat(this.duckdb.size()).isEqualTo(4);
	}

	private HttpResponse<String> send(HttpRequest request) {
		return assertTimeoutPreemptively(HANG, () -> this.http.send(request, HttpResponse.BodyHandlers.ofString()));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
