package io.tpool.demo.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /native}, {@code /native/direct} and {@code /ping} over HTTP.
 *
 * @since 0.1.0
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class NativeControllerTests {

	@Autowired
	private RestTestClient client;

	@Test
	void nativeRunsTheCallOnAPoolThread() {
		this.client.get()
			.uri("/native?millis=20")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.millis")
			.isEqualTo(20)
			.jsonPath("$.offloaded")
			.isEqualTo(true)
			.jsonPath("$.thread")
			.value(String.class, (thread) -> assertThat(thread).startsWith("tpool-"));
	}

	@Test
	void nativeDirectRunsTheCallOnTheRequestsOwnThread() {
		this.client.get()
			.uri("/native/direct?millis=20")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.millis")
			.isEqualTo(20)
			.jsonPath("$.offloaded")
			.isEqualTo(false)
			.jsonPath("$.thread")
			.value(String.class, (thread) -> assertThat(thread).doesNotStartWith("tpool-"));
	}

	@Test
	void nativeAcceptsZeroMillis() {
		this.client.get().uri("/native?millis=0").exchange().expectStatus().isOk();
	}

	@Test
	void pingAnswersPong() {
		this.client.get()
			.uri("/ping")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody(String.class)
			.isEqualTo("pong");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/native", "/native/direct" })
	void missingMillisIsABadRequestThatSaysItIsRequired(String path) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("millis")
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'millis' is required.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/native", "/native/direct" })
	void millisThatIsNotANumberIsABadRequestThatSaysAWholeNumberIsExpected(String path) {
		this.client.get()
			.uri(path + "?millis=soon")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("millis")
			.jsonPath("$.value")
			.isEqualTo("soon")
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'millis' must be a whole number, was 'soon'.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/native", "/native/direct" })
	void negativeMillisIsABadRequestThatSaysItMustNotBeNegative(String path) {
		this.client.get()
			.uri(path + "?millis=-5")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("millis")
			.jsonPath("$.value")
			.isEqualTo("-5")
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'millis' must not be negative, was -5.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/native", "/native/direct" })
	void millisAbove10000IsABadRequestThatSaysTheMaximum(String path) {
		this.client.get()
			.uri(path + "?millis=10001")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("millis")
			.jsonPath("$.value")
			.isEqualTo("10001")
			.jsonPath("$.detail")
			.isEqualTo("Parameter 'millis' must be at most 10000, was 10001.");
	}

}
