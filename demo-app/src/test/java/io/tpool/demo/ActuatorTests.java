package io.tpool.demo;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the actuator endpoints that the demo exposes.
 *
 * @since 0.1.0
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ActuatorTests {

	@Autowired
	private RestTestClient client;

	@Test
	void prometheusCarriesThePoolSaturation() {
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("tpool_saturation{name=\"tpool\"}"));
	}

	@Test
	void tpoolEndpointAnswersThePoolAndTheOffloadedBeans() {
		this.client.get()
			.uri("/actuator/tpool")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pools[0].name")
			.isEqualTo("tpool")
			.jsonPath("$.offloaded[*].bean")
			.value((beans) -> assertThat(beans.toString()).contains("offloadedNativeClient", "dataSource"));
	}

	@Test
	void healthReportsThePoolUp() {
		this.client.get()
			.uri("/actuator/health/tpool")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

}
