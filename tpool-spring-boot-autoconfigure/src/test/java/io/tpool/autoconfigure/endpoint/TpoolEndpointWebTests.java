package io.tpool.autoconfigure.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
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
 * The {@code tpool} endpoint, the health of every pool and the pools' meters in
 * {@code /actuator/prometheus}, through a real web server and actuator's endpoint
 * mapping. The context is closed after the class, so that no server, pool or watchdog
 * thread outlives it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tpool,health,prometheus",
				"management.endpoint.health.show-details=always",
				"management.metrics.distribution.percentiles-histogram.tpool.queue.wait=true", "tpool.size=3",
				"tpool.pools.duckdb.size=4", "tpool.pools.duckdb.queue-capacity=100", "tpool.pools.duckdb.timeout=2s",
				"tpool.pools.duckdb.max-queue-wait=500ms", "tpool.pools.resizable.size=2",
				"spring.datasource.url=jdbc:h2:mem:tpool-endpoint-web" })
@DirtiesContext
class TpoolEndpointWebTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	@Qualifier("duckdb")
	private Tpool duckdb;

	@Autowired
	@Qualifier("resizable")
	private Tpool resizable;

	@Test
	void readListsEveryPoolWithItsSettingsAndState() throws Exception {
		this.duckdb.execute(() -> Thread.currentThread().getName());
		HttpResponse<String> response = get("/actuator/tpool");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.pools[*].name", java.util.List.class)).containsExactly("tpool", "duckdb", "resizable");
		assertThat(json.read("$.pools[0].size", Integer.class)).isEqualTo(3);
		assertThat(json.read("$.pools[0]", java.util.Map.class)).as("unset settings are left out")
			.doesNotContainKeys("timeout", "maxQueueWait", "queueCapacity");
		String duckdb = "$.pools[1].";
		assertThat(json.read(duckdb + "size", Integer.class)).isEqualTo(4);
		assertThat(json.read(duckdb + "threads", Integer.class)).isEqualTo(1);
		assertThat(json.read(duckdb + "active", Integer.class)).isZero();
		assertThat(json.read(duckdb + "queued", Integer.class)).isZero();
		assertThat(json.read(duckdb + "queueCapacity", Integer.class)).isEqualTo(100);
		assertThat(json.read(duckdb + "keepAlive", String.class)).isEqualTo("PT1M");
		assertThat(json.read(duckdb + "timeout", String.class)).isEqualTo("PT2S");
		assertThat(json.read(duckdb + "maxQueueWait", String.class)).isEqualTo("PT0.5S");
		assertThat(json.read(duckdb + "utilization", Double.class)).isZero();
		assertThat(json.read(duckdb + "saturation", Double.class)).isZero();
		assertThat(json.read(duckdb + "completed", Integer.class)).isGreaterThanOrEqualTo(1);
		assertThat(json.read(duckdb + "failed", Integer.class)).isZero();
		assertThat(json.read(duckdb + "rejected", Integer.class)).isZero();
		assertThat(json.read(duckdb + "timedOut", Integer.class)).isZero();
		assertThat(json.read(duckdb + "closed", Boolean.class)).isFalse();
		assertThat(json.read("$.offloaded", java.util.List.class)).isEmpty();
		assertThat(json.read("$.watchdog.running", Boolean.class)).isNotNull();
	}

	@Test
	void writeResizesThePoolLiveAndAnswersItsNewState() throws Exception {
		HttpResponse<String> response = post("/actuator/tpool/resizable", "{\"size\": 5}");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.name", String.class)).isEqualTo("resizable");
		assertThat(json.read("$.size", Integer.class)).isEqualTo(5);
		assertThat(this.resizable.size()).isEqualTo(5);
		assertThat(this.resizable.stats().size()).isEqualTo(5);
		assertThat(JsonPath.parse(get("/actuator/tpool").body()).read("$.pools[2].size", Integer.class)).isEqualTo(5);
	}

	@Test
	void sizeBelowOneAnswers400WithABodySayingWhy() throws Exception {
		int before = this.duckdb.size();
		HttpResponse<String> response = post("/actuator/tpool/duckdb", "{\"size\": 0}");
		assertThat(response.statusCode()).isEqualTo(400);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.pool", String.class)).isEqualTo("duckdb");
		assertThat(json.read("$.size", Integer.class)).isZero();
		assertThat(json.read("$.message", String.class)).isEqualTo("The size must be from 1 to 10000, but was 0");
		assertThat(this.duckdb.size()).isEqualTo(before);
	}

	@Test
	void sizeAboveTheMaximumAnswers400WithABodySayingWhy() throws Exception {
		HttpResponse<String> response = post("/actuator/tpool/duckdb", "{\"size\": 10001}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JsonPath.parse(response.body()).read("$.message", String.class))
			.isEqualTo("The size must be from 1 to 10000, but was 10001");
		assertThat(this.duckdb.size()).isEqualTo(4);
	}

	@Test
	void sizeThatIsNotANumberAnswers400SayingItMustBeAWholeNumber() {
		HttpResponse<String> response = post("/actuator/tpool/duckdb", "{\"size\": \"abc\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.pool", String.class)).isEqualTo("duckdb");
		assertThat(json.read("$.size", String.class)).isEqualTo("abc");
		assertThat(json.read("$.message", String.class)).isEqualTo("The size must be a whole number, but was abc");
		assertThat(this.duckdb.size()).isEqualTo(4);
	}

	@Test
	void sizeWithAFractionAnswers400SayingItMustBeAWholeNumberRatherThanRoundingIt() {
		HttpResponse<String> response = post("/actuator/tpool/duckdb", "{\"size\": 1.5}");
		assertThat(response.statusCode()).isEqualTo(400);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.size", Double.class)).isEqualTo(1.5);
		assertThat(json.read("$.message", String.class)).isEqualTo("The size must be a whole number, but was 1.5");
		assertThat(this.duckdb.size()).isEqualTo(4);
	}

	@Test
	void sizeOfABooleanAnswers400SayingItMustBeAWholeNumber() {
		HttpResponse<String> response = post("/actuator/tpool/duckdb", "{\"size\": true}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JsonPath.parse(response.body()).read("$.message", String.class))
			.isEqualTo("The size must be a whole number, but was true");
	}

	@Test
	void sizeBeyondAnyIntAnswers400SayingTheRange() {
		HttpResponse<String> response = post("/actuator/tpool/duckdb", "{\"size\": 99999999999}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JsonPath.parse(response.body()).read("$.message", String.class))
			.isEqualTo("The size must be from 1 to 10000, but was 99999999999");
		HttpResponse<String> huge = post("/actuator/tpool/duckdb", "{\"size\": \"1e1000000000\"}");
		assertThat(huge.statusCode()).isEqualTo(400);
		assertThat(JsonPath.parse(huge.body()).read("$.message", String.class))
			.isEqualTo("The size must be from 1 to 10000, but was 1e1000000000");
		assertThat(this.duckdb.size()).isEqualTo(4);
	}

	@Test
	void sizeWrittenAsAStringOrWithAZeroFractionIsAWholeNumber() {
		HttpResponse<String> response = post("/actuator/tpool/resizable", "{\"size\": \"3\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(response.body()).read("$.size", Integer.class)).isEqualTo(3);
		assertThat(this.resizable.size()).isEqualTo(3);
		assertThat(post("/actuator/tpool/resizable", "{\"size\": 4.0}").statusCode()).isEqualTo(200);
		assertThat(this.resizable.size()).isEqualTo(4);
	}

	@Test
	void unknownPoolAnswers404WithABodySayingWhy() throws Exception {
		HttpResponse<String> response = post("/actuator/tpool/duckdbb", "{\"size\": 4}");
		assertThat(response.statusCode()).isEqualTo(404);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.pool", String.class)).isEqualTo("duckdbb");
		assertThat(json.read("$.message", String.class))
			.isEqualTo("No pool is named 'duckdbb'; the pools are tpool, duckdb, resizable");
	}

	@Test
	void missingSizeAnswers400() throws Exception {
		assertThat(post("/actuator/tpool/duckdb", "{}").statusCode()).isEqualTo(400);
		assertThat(this.duckdb.size()).isEqualTo(4);
	}

	@Test
	void healthHasOneComponentPerPool() throws Exception {
		HttpResponse<String> response = get("/actuator/health/tpool");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.tpool.details.size", Integer.class)).isEqualTo(3);
		assertThat(json.read("$.components.duckdb.status", String.class)).isEqualTo("UP");
		assertThat(json.read("$.components.duckdb.details.size", Integer.class)).isEqualTo(4);
		assertThat(json.read("$.components.duckdb.details.threads", Integer.class)).isNotNull();
		HttpResponse<String> duckdb = get("/actuator/health/tpool/duckdb");
		assertThat(duckdb.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(duckdb.body()).read("$.details.size", Integer.class)).isEqualTo(4);
	}

	@Test
	void prometheusHasQueueWaitHistogramBucketsAndAMaxForEveryPool() throws Exception {
		this.duckdb.execute(() -> Thread.currentThread().getName());
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).containsPattern("tpool_queue_wait_seconds_bucket\\{[^}]*name=\"duckdb\"")
			.containsPattern("tpool_queue_wait_seconds_bucket\\{[^}]*name=\"tpool\"")
			.containsPattern("tpool_queue_wait_seconds_max\\{[^}]*name=\"duckdb\"")
			.containsPattern("tpool_threads\\{[^}]*name=\"duckdb\"[^}]*} 4")
			.containsPattern("tpool_execution_seconds_count\\{[^}]*name=\"duckdb\"[^}]*outcome=\"success\"");
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	private HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
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
