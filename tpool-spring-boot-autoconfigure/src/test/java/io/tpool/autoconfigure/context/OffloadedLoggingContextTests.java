package io.tpool.autoconfigure.context;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the MDC and the locale of an offloaded call's caller on the pool thread, and
 * for nothing of them left behind there.
 */
class OffloadedLoggingContextTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class))
		.withUserConfiguration(ClientConfiguration.class);

	@Test
	void wholeMdcReachesTheOffloadedCallWithoutRegisteringItsKeys() {
		run((context) -> withMdc(Map.of("traceId", "4bf92f35", "user", "ada"), () -> {
			assertThat(client(context).<Map<String, String>>call(MDC::getCopyOfContextMap))
				.containsExactlyInAnyOrderEntriesOf(Map.of("traceId", "4bf92f35", "user", "ada"));
			assertThat(context.getBean(Tpool.class).execute(() -> MDC.get("user"))).isEqualTo("ada");
			assertThat(context.getBean(Tpool.class).submit(() -> MDC.get("user")).join()).isEqualTo("ada");
		}));
	}

	@Test
	void mdcIsGoneFromThePoolThreadForTheNextTask() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			withMdc(Map.of("user", "ada"), () -> client(context).call(() -> {
				MDC.put("added", "inside");
				return null;
			}));
			assertThat(client(context).<Map<String, String>>call(OffloadedLoggingContextTests::mdc)).isEmpty();
			assertThat(context.getBean(Tpool.class).submit(OffloadedLoggingContextTests::mdc).join()).isEmpty();
		}));
	}

	@Test
	void mdcThatACallPutsWithoutACallerMdcIsGoneForTheNextTask() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			client(context).call(() -> {
				MDC.put("forgotten", "by a legacy call");
				return null;
			});
			assertThat(client(context).<Map<String, String>>call(OffloadedLoggingContextTests::mdc)).isEmpty();
		}));
	}

	@Test
	void mdcEntriesThatTheOffloadedCallPutsStayOnThePoolThreadSide() {
		run((context) -> withMdc(Map.of("user", "ada"), () -> {
			client(context).call(() -> {
				MDC.put("added", "inside");
				return null;
			});
			assertThat(mdc()).containsExactly(Map.entry("user", "ada"));
		}));
	}

	@Test
	void contextPropagationsOwnMdcAccessorAndTheMdcCarrierTogetherLeaveTheSameMdc() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
		try {
			this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
				withMdc(Map.of("user", "ada"),
						() -> assertThat(client(context).<Map<String, String>>call(OffloadedLoggingContextTests::mdc))
							.containsExactly(Map.entry("user", "ada")));
				assertThat(client(context).<Map<String, String>>call(OffloadedLoggingContextTests::mdc)).isEmpty();
			}));
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
		}
	}

	@Test
	void localeThatACallSetsWithoutACallerLocaleIsGoneForTheNextTask() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			client(context).call(() -> {
				LocaleContextHolder.setLocale(Locale.GERMANY);
				return null;
			});
			assertThat(client(context).call(LocaleContextHolder::getLocaleContext)).isNull();
		}));
	}

	@Test
	void callersLocaleReachesTheOffloadedCallAndIsGoneAfter() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			LocaleContextHolder.setLocale(Locale.JAPAN);
			try {
				assertThat(client(context).<Locale>call(LocaleContextHolder::getLocale)).isEqualTo(Locale.JAPAN);
				assertThat(context.getBean(Tpool.class).submit(LocaleContextHolder::getLocale).join())
					.isEqualTo(Locale.JAPAN);
			}
			finally {
				LocaleContextHolder.resetLocaleContext();
			}
			assertThat(client(context).call(LocaleContextHolder::getLocaleContext)).isNull();
		}));
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.contextRunner.run(timed(test));
	}

	private static ContextConsumer<AssertableApplicationContext> timed(
			ContextConsumer<AssertableApplicationContext> test) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> test.accept(context));
		};
	}

	private static void withMdc(Map<String, String> mdc, ThrowingRunnable body) throws Throwable {
		MDC.setContextMap(mdc);
		try {
			body.run();
		}
		finally {
			MDC.clear();
		}
	}

	private static Map<String, String> mdc() {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return (mdc != null) ? mdc : Map.of();
	}

	private static Client client(AssertableApplicationContext context) {
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
	 * Public, so that a CGLIB proxy defined by a {@link FilteredClassLoader} extends it.
	 */
	@Offload
	public static class Client {

		public <T> @Nullable T call(Callable<T> callable) throws Exception {
			return callable.call();
		}

	}

}
