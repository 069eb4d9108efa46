package io.tpool.autoconfigure.context;

import java.util.Locale;
import java.util.Map;

import io.tpool.ContextCarrier;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;

import static io.tpool.autoconfigure.context.OffloadedClient.client;
import static io.tpool.autoconfigure.context.OffloadedClient.timed;
import static io.tpool.autoconfigure.context.OffloadedClient.withMdc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link ContextCarrier} of the auto-configured pool: the MDC and the
 * locale on the pool thread, nothing left behind, and a carrier only for the libraries
 * that are present.
 */
class CallerContextTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class))
		.withUserConfiguration(OffloadedClient.ClientConfiguration.class);

	@Test
	void callerWithNothingToCarryCapturesNothing() {
		run((context) -> {
			ContextCarrier carrier = context.getBean(ContextCarrier.class);
			ContextCarrier.Context first = carrier.capture(true);
			assertThat(carrier.capture(true)).as("one shared context, no allocation").isSameAs(first);
			assertThat(carrier.capture(false)).isSameAs(first);
		});
	}

	@Test
	void carriersExistOnlyForTheLibrariesThatArePresent() {
		run((context) -> assertThat(context.getBeansOfType(ThreadStateCarrier.class)).containsOnlyKeys(
				"tpoolTransactionStateCarrier", "tpoolRequestStateCarrier", "tpoolLocaleStateCarrier",
				"tpoolMdcStateCarrier"));
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(TransactionSynchronizationManager.class,
					RequestContextHolder.class, MDC.class))
			.run(timed((context) -> {
				assertThat(context.getBeansOfType(ThreadStateCarrier.class))
					.containsOnlyKeys("tpoolLocaleStateCarrier");
				assertThat(client(context).call(() -> Thread.currentThread().getName())).startsWith("tpool-");
			}));
	}

	@Test
	void withoutSpringTxTheOtherCarriersStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(TransactionSynchronizationManager.class))
			.run(timed((context) -> {
				assertThat(context).doesNotHaveBean("tpoolTransactionStateCarrier");
				withMdc(Map.of("user", "ada"),
						() -> assertThat(client(context).call(() -> MDC.get("user"))).isEqualTo("ada"));
			}));
	}

	@Test
	void withoutSlf4jTheOtherCarriersStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MDC.class)).run(timed((context) -> {
			assertThat(context).doesNotHaveBean("tpoolMdcStateCarrier").hasBean("tpoolTransactionStateCarrier");
			LocaleContextHolder.setLocale(Locale.FRANCE);
			try {
				assertThat(client(context).<Locale>call(LocaleContextHolder::getLocale)).isEqualTo(Locale.FRANCE);
			}
			finally {
				LocaleContextHolder.resetLocaleContext();
			}
		}));
	}

	@Test
	void withoutSpringWebThereIsNoRequestCarrier() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RequestContextHolder.class))
			.run(timed((context) -> assertThat(context).doesNotHaveBean("tpoolRequestStateCarrier")
				.hasBean("tpoolContextCarrier")));
	}

	@Test
	void applicationsOwnContextCarrierReplacesTheStartersOne() {
		ThreadLocal<String> tenant = new ThreadLocal<>();
		ContextCarrier own = (callerWaits) -> {
			String value = tenant.get();
			return new ContextCarrier.Context() {

				@Override
				public void attach() {
					tenant.set(value);
				}

				@Override
				public void detach() {
					tenant.remove();
				}

			};
		};
		this.contextRunner.withBean("ownCarrier", ContextCarrier.class, () -> own).run(timed((context) -> {
			assertThat(context).doesNotHaveBean("tpoolContextCarrier");
			tenant.set("acme");
			try {
				assertThat(client(context).call(tenant::get)).isEqualTo("acme");
			}
			finally {
				tenant.remove();
			}
		}));
	}

	@Test
	void disabledStarterHasNoCarrier() {
		this.contextRunner.withPropertyValues("tpool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ContextCarrier.class)
				.doesNotHaveBean(ThreadStateCarrier.class));
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.contextRunner.run(timed(test));
	}

}
