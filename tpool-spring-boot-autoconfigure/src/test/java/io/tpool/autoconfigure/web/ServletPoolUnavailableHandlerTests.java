package io.tpool.autoconfigure.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.tpool.Offload;
import io.tpool.Task;
import io.tpool.Tpool;
import io.tpool.TpoolRejectedException;
import io.tpool.TpoolRejectedException.Reason;
import io.tpool.TpoolTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A deadline or a refusal of a pool that escapes a Spring MVC handler answers 503 with a
 * problem detail, through a real server (Tomcat) on a random port. The pools are named
 * pools of the starter; each test uses its own, so that the once-a-minute log of one does
 * not hide another's line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tpool.pools.slow.timeout=100ms", "tpool.pools.busy.size=1", "tpool.pools.busy.queue-capacity=1",
				"tpool.pools.shedding.size=1", "tpool.pools.shedding.max-queue-wait=50ms",
				"tpool.pools.logged.timeout=50ms", "spring.datasource.url=jdbc:h2:mem:tpool-web-servlet" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ServletPoolUnavailableHandlerTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Test
	void deadlineOfAnOffloadedCallAnswers503WithAProblemDetailNamingThePool() {
		HttpResponse<String> response = get("/deadline");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.status", Integer.class)).isEqualTo(503);
		assertThat(json.read("$.title", String.class)).isEqualTo("Deadline passed");
		assertThat(json.read("$.detail", String.class)).isEqualTo("The deadline of a call on pool 'slow' passed.");
		assertThat(json.read("$.pool", String.class)).isEqualTo("slow");
		assertThat(json.read("$.instance", String.class)).isEqualTo("/deadline");
	}

	@Test
	void clientThatAcceptsOnlyJsonGetsTheProblemDetailToo() {
		HttpResponse<String> response = send(request("/deadline").header("Accept", "application/json").build());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JsonPath.parse(response.body()).read("$.pool", String.class)).isEqualTo("slow");
	}

	@Test
	void callThatAFullPoolRefusedAnswers503WithRetryAfter() {
		HttpResponse<String> response = get("/full");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.title", String.class)).isEqualTo("Pool refused the call");
		assertThat(json.read("$.detail", String.class))
			.isEqualTo("Pool 'busy' refused the call: every thread was busy and its queue full.");
	}

	@Test
	void callThatAClosedPoolRefusedAnswers503WithRetryAfter() {
		HttpResponse<String> response = get("/closed");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(JsonPath.parse(response.body()).read("$.detail", String.class))
			.isEqualTo("Pool 'closed' refused the call: it is closed.");
	}

	@Test
	void callThatThePoolShedAnswers503WithRetryAfter() {
		HttpResponse<String> response = get("/shed");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.title", String.class)).isEqualTo("Pool shed the call");
		assertThat(json.read("$.pool", String.class)).isEqualTo("shedding");
	}

	@Test
	void shedThatAFuturesExecutionExceptionCarriesAnswers503() {
		HttpResponse<String> response = get("/shed/future");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(JsonPath.parse(response.body()).read("$.title", String.class)).isEqualTo("Pool shed the call");
	}

	@Test
	void applicationsOwnExceptionCausedByADeadlineStaysItsServerError() {
		HttpResponse<String> response = get("/wrapped");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).doesNotContain("problem"));
	}

	@Test
	void controllersOwnExceptionHandlerWins() {
		HttpResponse<String> response = get("/local");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).isEqualTo("the controller's own handler");
	}

	@Test
	void applicationsOwnControllerAdviceWins() {
		HttpResponse<String> response = get("/advised");
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.body()).isEqualTo("the application's advice");
	}

	@Test
	void answerIsLoggedAtWarnWithoutAStackTraceOnceAMinutePerPoolAndCause(CapturedOutput output) {
		assertThat(get("/logged").statusCode()).isEqualTo(503);
		assertThat(get("/logged").statusCode()).isEqualTo(503);
		List<String> lines = output.getOut().lines().toList();
		List<String> logged = lines.stream().filter((line) -> line.contains("GET /logged answered 503")).toList();
		assertThat(logged).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN")
				.contains("GET /logged answered 503 Service Unavailable: tpool 'logged'")
				.contains("the deadline of PT0.05S passed")
				.endsWith("(TpoolTimeoutException)"));
		assertThat(output.getOut()).doesNotContain("\tat io.tpool.");
	}

	private HttpResponse<String> get(String path) {
		return send(request(path).build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET();
	}

	private HttpResponse<String> send(HttpRequest request) {
		return assertTimeoutPreemptively(HANG, () -> this.http.send(request, HttpResponse.BodyHandlers.ofString()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SlowReports.class, PoolsController.class, LocalHandlerController.class, AdvisedController.class,
			ApplicationAdvice.class })
	static class WebApplication {

	}

	@Offload(pool = "slow")
	public static class SlowReports {

		public String daily() throws InterruptedException {
			Thread.sleep(Duration.ofSeconds(20));
			return "too late";
		}

	}

	@RestController
	static class PoolsController {

		private final SlowReports reports;

		private final Tpool busy;

		private final Tpool shedding;

		private final Tpool logged;

		private final Tpool closed = Tpool.builder().name("closed").build();

		PoolsController(SlowReports reports, @Qualifier("busy") Tpool busy, @Qualifier("shedding") Tpool shedding,
				@Qualifier("logged") Tpool logged) {
			this.reports = reports;
			this.busy = busy;
			this.shedding = shedding;
			this.logged = logged;
			this.closed.close();
		}

		@GetMapping("/deadline")
		String deadline() throws InterruptedException {
			return this.reports.daily();
		}

		@GetMapping("/full")
		String full() throws InterruptedException {
			CountDownLatch release = new CountDownLatch(1);
			try {
				// One task runs, one waits in the queue of one: the pool has no room.
				this.busy.submit(() -> release.await(1, TimeUnit.MINUTES));
				this.busy.submit(() -> release.await(1, TimeUnit.MINUTES));
				return this.busy.execute(() -> "never");
			}
			finally {
				release.countDown();
			}
		}

		@GetMapping("/closed")
		String closed() {
			return this.closed.execute(() -> "never");
		}

		@GetMapping("/shed")
		String shed() throws InterruptedException {
			return whileTheOnlyThreadIsBusy(this.shedding, () -> this.shedding.execute(() -> "never"));
		}

		@GetMapping("/shed/future")
		String shedFuture() throws Exception {
			return whileTheOnlyThreadIsBusy(this.shedding, () -> this.shedding.submit(() -> "never").get());
		}

		@GetMapping("/wrapped")
		String wrapped() throws InterruptedException {
			try {
				return this.reports.daily();
			}
			catch (TpoolTimeoutException ex) {
				throw new IllegalStateException("The report failed", ex);
			}
		}

		@GetMapping("/logged")
		String logged() throws InterruptedException {
			return this.logged.execute(() -> {
				Thread.sleep(Duration.ofSeconds(20));
				return "too late";
			});
		}

		private static <X extends Exception> String whileTheOnlyThreadIsBusy(Tpool pool, Task<String, X> call)
				throws X, InterruptedException {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch started = new CountDownLatch(1);
			pool.submit(() -> {
				started.countDown();
				return release.await(1, TimeUnit.MINUTES);
			});
			try {
				started.await(1, TimeUnit.MINUTES);
				return call.call();
			}
			finally {
				release.countDown();
			}
		}

	}

	@RestController
	static class LocalHandlerController {

		@GetMapping("/local")
		String local() {
			throw new TpoolTimeoutException("local", "tpool 'local': the deadline of PT1S passed");
		}

		@ExceptionHandler(TpoolTimeoutException.class)
		ResponseEntity<String> deadline(TpoolTimeoutException ex) {
			return ResponseEntity.status(504).body("the controller's own handler");
		}

	}

	@RestController
	static class AdvisedController {

		@GetMapping("/advised")
		String advised() {
			throw new TpoolRejectedException("advised", Reason.FULL, "tpool 'advised' rejected a task");
		}

	}

	@ControllerAdvice(assignableTypes = AdvisedController.class)
	static class ApplicationAdvice {

		@ExceptionHandler(TpoolRejectedException.class)
		ResponseEntity<String> refused(TpoolRejectedException ex) {
			return ResponseEntity.status(429).body("the application's advice");
		}

	}

}
