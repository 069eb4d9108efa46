package io.tpool.demo.duckdb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import io.tpool.demo.DemoApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the demo where DuckDB's native library cannot load: the application, whose
 * class loader finds no native library in DuckDB's jar (as on a platform the jar has none
 * for), starts all the same; the DuckDB endpoints answer {@code 503} saying why, and
 * everything else works.
 */
class DuckDbUnavailableTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static WithoutDuckDbNativeLibrary classLoader;

	private static ConfigurableApplicationContext context;

	private static HttpClient http;

	@BeforeAll
	static void startApplicationWithoutDuckDbsNativeLibrary() {
		classLoader = new WithoutDuckDbNativeLibrary(DuckDbUnavailableTests.class.getClassLoader());
		context = assertTimeoutPreemptively(PATIENCE,
				() -> new SpringApplicationBuilder(DemoApplication.class)
					.resourceLoader(new DefaultResourceLoader(classLoader))
					.run("--server.port=0", "--spring.jmx.enabled=false"));
		http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	@AfterAll
	static void stopApplication() throws IOException {
		http.close();
		context.close();
		classLoader.close();
	}

	@Test
	void theDuckDbDatabaseIsUnavailable() {
		assertThat(context.getBean(DuckDbDatabase.class).isAvailable()).isFalse();
	}

	@Test
	void theDirectReportAnswers503WithAProblemThatSaysWhy() {
		HttpResponse<String> response = get("/duckdb/report/direct");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"DuckDB unavailable\"")
			.contains("\"status\":503")
			.contains("DuckDB's native library could not be loaded on " + System.getProperty("os.name"))
			.contains("DuckDB JNI library not found");
	}

	@Test
	void theOffloadedReportAnswers503WithTheSameProblem() {
		HttpResponse<String> direct = get("/duckdb/report/direct");
		HttpResponse<String> offloaded = get("/duckdb/report");
		assertThat(offloaded.statusCode()).isEqualTo(503);
		assertThat(offloaded.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(offloaded.body()).contains("\"title\":\"DuckDB unavailable\"")
			.contains("DuckDB's native library could not be loaded on " + System.getProperty("os.name"))
			.isEqualTo(direct.body().replace("/duckdb/report/direct", "/duckdb/report"));
	}

	@Test
	void theDashboardsDuckDbBurstAnswers503AndStartsNothing() {
		HttpResponse<String> response = send(HttpRequest.newBuilder().POST(BodyPublishers.noBody()),
				"/burst/duckdb?queries=5");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"title\":\"DuckDB unavailable\"");
		assertThat(get("/dashboard/state").body()).contains("\"burstCallsInFlight\":0");
	}

	@Test
	void everythingElseWorks() {
		assertThat(get("/ping").body()).isEqualTo("pong");
		assertThat(get("/native/direct?millis=1").statusCode()).isEqualTo(200);
		assertThat(get("/native?millis=1").body()).contains("\"offloaded\":true");
		assertThat(get("/db/thread").body()).contains("\"thread\":\"tpool-");
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).startsWith("{\"components\"").endsWith("\"status\":\"UP\"}");
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder().GET(), path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String path) {
		String port = context.getEnvironment().getRequiredProperty("local.server.port");
		HttpRequest built = request.uri(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.build();
		return assertTimeoutPreemptively(PATIENCE, () -> http.send(built, BodyHandlers.ofString()));
	}

}
