package io.tpool.autoconfigure.context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.tpool.Offload;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An {@link Offload} bean that calls back whatever it is given on the pool, and the
 * helpers of the tests that look at the caller's state there.
 */
final class OffloadedClient {

	private OffloadedClient() {
	}

	/**
	 * A test on a started context, which fails rather than hangs.
	 * @param test the test
	 * @return the test, checked and bounded in time
	 */
	static ContextConsumer<AssertableApplicationContext> timed(ContextConsumer<AssertableApplicationContext> test) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> test.accept(context));
		};
	}

	static void withMdc(Map<String, String> mdc, ThrowingRunnable body) throws Throwable {
		MDC.setContextMap(mdc);
		try {
			body.run();
		}
		finally {
			MDC.clear();
		}
	}

	static Map<String, String> mdc() {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return (mdc != null) ? mdc : Map.of();
	}

	static Client client(AssertableApplicationContext context) {
		return context.getBean(Client.class);
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Throwable;

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientConfiguration {

		@Bean
		Client client() {
			return new Client();
		}

	}

	/**
	 * Public, so that a CGLIB proxy defined by a {@code FilteredClassLoader} extends it.
	 */
	@Offload
	public static class Client {

		public <T> @Nullable T call(Callable<T> callable) throws Exception {
			return callable.call();
		}

	}

}
