package io.tpool.demo.dashboard;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the dashboard's page and JSON over HTTP; {@link DashboardBrowserTests} drives
 * the page in a browser.
 *
 * @since 0.1.0
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DashboardControllerTests {

	@Autowired
	private RestTestClient client;

	@Test
	void rootServesTheDashboardPage() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("id=\"burst-direct\"", "id=\"burst-offloaded\"",
					"id=\"burst-duckdb-direct\"", "id=\"burst-duckdb-offloaded\"", "id=\"pools-now\"",
					"id=\"chart-carriers\"", "id=\"chart-pool\"", "dashboard.js"));
	}

	@Test
	void stateAnswersEveryPoolTheCarriersAndTheSamples() {
		this.client.get()
			.uri("/dashboard/state")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pools.length()")
			.isEqualTo(3)
			.jsonPath("$.pools[0].name")
			.isEqualTo("tpool")
			.jsonPath("$.pools[0].size")
			.isEqualTo(20)
			.jsonPath("$.pools[1].name")
			.isEqualTo("duckdb")
			.jsonPath("$.pools[1].size")
			.isEqualTo(2)
			.jsonPath("$.pools[2].name")
			.isEqualTo("sqlite")
			.jsonPath("$.carriers.parallelism")
			.isEqualTo(2)
			.jsonPath("$.samples[0].seq")
			.isNumber()
			.jsonPath("$.samples[0].queuedVirtualThreads")
			.isNumber()
			.jsonPath("$.samples[0].pools[0].name")
			.isEqualTo("tpool")
			.jsonPath("$.samples[0].pools[1].name")
			.isEqualTo("duckdb")
			.jsonPath("$.samples[0].pools[1].size")
			.isEqualTo(2)
			.jsonPath("$.samples[0].pools[1].saturation")
			.isNumber()
			.jsonPath("$.samples[0].pools[1].active")
			.isNumber()
			.jsonPath("$.samples[0].pools[1].queued")
			.isNumber()
			.jsonPath("$.samples[0].pools[1].threads")
			.isNumber();
	}

	@Test
	void anOffloadedDuckDbBurstShowsInThePoolDuckDbAlone() {
		this.client.post()
			.uri("/burst/duckdb?mode=offloaded&queries=6")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.json("""
					{"mode": "offloaded", "queries": 6}
					""");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<Sample> samples = this.client.get()
				.uri("/dashboard/state")
				.exchange()
				.expectBody(DashboardController.State.class)
				.returnResult()
				.getResponseBody()
				.samples();
			assertThat(samples).anySatisfy((sample) -> {
				assertThat(sample.pools()).extracting(PoolSample::name).containsExactly("tpool", "duckdb", "sqlite");
				assertThat(sample.pools().get(1).active()).isPositive();
				assertThat(sample.pools().get(1).threads()).isPositive();
			});
		});
	}

	@Test
	void stateSinceASampleAnswersOnlyLaterSamples() {
		long latest = this.client.get()
			.uri("/dashboard/state")
			.exchange()
			.expectBody(DashboardController.State.class)
			.returnResult()
			.getResponseBody()
			.samples()
			.getLast()
			.seq();
		this.client.get()
			.uri("/dashboard/state?since=" + latest)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(DashboardController.State.class)
			.value((state) -> assertThat(state.samples())
				.allSatisfy((sample) -> assertThat(sample.seq()).isGreaterThan(latest)));
	}

	@Test
	void compensationIsOffAtFirstAndSwitchesOnAndOffLive() {
		this.client.get()
			.uri("/dashboard/state")
			.exchange()
			.expectBody()
			.jsonPath("$.carriers.compensation")
			.isEqualTo(false)
			.jsonPath("$.carriers.extra")
			.isEqualTo(0);
		try {
			this.client.post()
				.uri("/dashboard/compensation?enabled=true")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.compensation")
				.isEqualTo(true)
				.jsonPath("$.parallelism")
				.isEqualTo(2);
			this.client.get()
				.uri("/dashboard/state")
				.exchange()
				.expectBody()
				.jsonPath("$.carriers.compensation")
				.isEqualTo(true);
		}
		finally {
			this.client.post()
				.uri("/dashboard/compensation?enabled=false")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.compensation")
				.isEqualTo(false);
		}
	}

	@Test
	void compensationWithoutAnEnabledParameterIsABadRequest() {
		this.client.post().uri("/dashboard/compensation?enabled=maybe").exchange().expectStatus().isBadRequest();
	}

	@Test
	void burstStartsTheCallsAndAnswersAccepted() {
		this.client.post()
			.uri("/burst?mode=offloaded&calls=20&millis=10")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.json("""
					{"mode": "offloaded", "calls": 20, "millis": 10}
					""");
	}

	@Test
	void duckDbBurstWithoutAModeStartsTheDirectQueriesAndAnswersAccepted() {
		this.client.post().uri("/burst/duckdb?queries=4").exchange().expectStatus().isAccepted().expectBody().json("""
				{"mode": "direct", "queries": 4}
				""");
	}

	@Test
	void duckDbBurstOfMoreThan200QueriesIsABadRequest() {
		this.client.post()
			.uri("/burst/duckdb?queries=201")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'queries' must be at most 200, was 201.");
	}

	@Test
	void burstWithAnUnknownModeIsABadRequestThatListsTheModes() {
		this.client.post()
			.uri("/burst?mode=sideways")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'mode' must be one of direct, offloaded, was 'sideways'.");
	}

	@Test
	void burstOfMoreThanAThousandCallsIsABadRequest() {
		this.client.post()
			.uri("/burst?mode=direct&calls=1001")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'calls' must be at most 1000, was 1001.");
	}

}
