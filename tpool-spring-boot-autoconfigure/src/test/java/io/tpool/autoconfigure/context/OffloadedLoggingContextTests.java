package io.tpool.autoconfigure.context;

import java.util.Locale;
import java.util.Map;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.i18n.LocaleContextHolder;

import static io.tpool.autoconfigure.context.OffloadedClient.client;
import static io.tpool.autoconfigure.context.OffloadedClient.mdc;
import static io.tpool.autoconfigure.context.OffloadedClient.timed;
import static io.tpool.autoconfigure.context.OffloadedClient.withMdc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the MDC and the locale of an offloaded call's caller on the pool thread, and
 * for nothing of them left behind there.
 */
class OffloadedLoggingContextTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class))
		.withUserConfiguration(OffloadedClient.ClientConfiguration.class);

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
			assertThat(client(context).<Map<String, String>>call(OffloadedClient::mdc)).isEmpty();
			assertThat(context.getBean(Tpool.class).submit(OffloadedClient::mdc).join()).isEmpty();
		}));
	}

	@Test
	void mdcThatACallPutsWithoutACallerMdcIsGoneForTheNextTask() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			client(context).call(() -> {
				MDC.put("forgotten", "by a legacy call");
				return null;
			});
			assertThat(client(context).<Map<String, String>>call(OffloadedClient::mdc)).isEmpty();
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
						() -> assertThat(client(context).<Map<String, String>>call(OffloadedClient::mdc))
							.containsExactly(Map.entry("user", "ada")));
				assertThat(client(context).<Map<String, String>>call(OffloadedClient::mdc)).isEmpty();
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

}
