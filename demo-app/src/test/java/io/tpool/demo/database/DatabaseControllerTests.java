package io.tpool.demo.database;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /db/thread}.
 *
 * @since 0.1.0
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DatabaseControllerTests {

	@Autowired
	private RestTestClient client;

	@Test
	void dbThreadAnswersThePoolThreadThatRanTheSql() {
		this.client.get()
			.uri("/db/thread")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.thread")
			.value(String.class, (thread) -> assertThat(thread).startsWith("tpool-"));
	}

}
