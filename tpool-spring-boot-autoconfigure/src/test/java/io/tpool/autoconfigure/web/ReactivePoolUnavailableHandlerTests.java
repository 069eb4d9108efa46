package io.tpool.autoconfigure.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.TpoolRejectedException;
import io.tpool.TpoolRejectedException.Reason;
import io.tpool.TpoolTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
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
 * A deadline or a refusal of a pool that escapes a WebFlux handler, thrown by it or
 * ending the publisher it returned, answers 503 with a problem detail, through a real
 * server (Netty) on a random port. The blocking calls run on Reactor's bounded elastic
 * scheduler, as a WebFlux application makes them. Each test uses its own pool, so that
 * the once-a-minute log of one does not hide another's line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "tpool.pools.slow.timeout=100ms",
				"tpool.pools.busy.size=1", "tpool.pools.busy.queue-capacity=1", "tpool.pools.shedding.size=1",
				"tpool.pools.shedding.max-queue-wait=50ms", "tpool.pools.logged.timeout=50ms",
				"spring.datasource.url=jdbc:h2:mem:tpool-web-reactive" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ReactivePoolUnavailableHandlerTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ReactiveWebServerApplicationContext context;

	@Test
	void serverIsReactorNetty() {
		assertThat(this.context.getWebServer().getClass().getSimpleName()).isEqualTo("NettyWebServer");
	}

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
	void refusalThrownByTheHandlerItselfAnswers503WithRetryAfter() {
		HttpResponse<String> response = get("/closed");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(JsonPath.parse(response.body()).read("$.detail", String.class))
			.isEqualTo("Pool 'closed' refused the call: it is closed.");
	}

	@Test
	void shedThatEndsAMonoOfTheFutureAnswers503WithRetryAfter() {
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

	/** A blocking call, made as a WebFlux application makes one: off the event loop. */
	private static <T> Mono<T> blocking(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
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
		Mono<String> deadline() {
			return blocking(this.reports::daily);
		}

		@GetMapping("/full")
		Mono<String> full() {
			return blocking(() -> {
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
			});
		}

		@GetMapping("/closed")
		String closed() {
			// A closed pool refuses at once: nothing blocks the event loop.
			return this.closed.execute(() -> "never");
		}

		@GetMapping("/shed")
		Mono<String> shed() {
			return blocking(() -> whileTheOnlyThreadIsBusy(this.shedding, () -> this.shedding.submit(() -> "never")))
				.flatMap((shed) -> Mono.fromFuture(shed.future()).doFinally((signal) -> shed.release().countDown()));
		}

		@GetMapping("/shed/future")
		Mono<String> shedFuture() {
			return blocking(() -> {
				Busy<String> shed = whileTheOnlyThreadIsBusy(this.shedding, () -> this.shedding.submit(() -> "never"));
				try {
					return shed.future().get();
				}
				finally {
					shed.release().countDown();
				}
			});
		}

		@GetMapping("/wrapped")
		Mono<String> wrapped() {
			return blocking(this.reports::daily).onErrorMap(TpoolTimeoutException.class,
					(ex) -> new IllegalStateException("The report failed", ex));
		}

		@GetMapping("/logged")
		Mono<String> logged() {
			return blocking(() -> this.logged.execute(() -> {
				Thread.sleep(Duration.ofSeconds(20));
				return "too late";
			}));
		}

		/** Hands a task to a pool whose only thread another task keeps busy. */
		private static Busy<String> whileTheOnlyThreadIsBusy(Tpool pool, Callable<CompletableFuture<String>> handOff)
				throws Exception {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch started = new CountDownLatch(1);
			pool.submit(() -> {
				started.countDown();
				return release.await(1, TimeUnit.MINUTES);
			});
			started.await(1, TimeUnit.MINUTES);
			return new Busy<>(handOff.call(), release);
		}

		private record Busy<T>(CompletableFuture<T> future, CountDownLatch release) {

		}

	}

	@RestController
	static class LocalHandlerController {

		@GetMapping("/local")
		Mono<String> local() {
			return Mono.error(new TpoolTimeoutException("local", "tpool 'local': the deadline of PT1S passed"));
		}

		@ExceptionHandler(TpoolTimeoutException.class)
		ResponseEntity<String> deadline(TpoolTimeoutException ex) {
			return ResponseEntity.status(504).body("the controller's own handler");
		}

	}

	@RestController
	static class AdvisedController {

		@GetMapping("/advised")
		Mono<String> advised() {
			return Mono.error(new TpoolRejectedException("advised", Reason.FULL, "tpool 'advised' rejected a task"));
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
