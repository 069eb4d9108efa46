package io.tpool.autoconfigure.offload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tpool.Offload;
import io.tpool.TpoolTimeoutException;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.UnknownTpoolException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the pool and the deadline that {@code @Offload(pool = ..., timeout = ...)}
 * and {@code tpool.proxies.<bean>.pool} choose.
 */
class OffloadPoolSelectionTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TpoolAutoConfiguration.class))
		.withPropertyValues("tpool.pools.reports.size=2", "tpool.pools.hashes.size=2");

	@Test
	void methodRunsOnThePoolItsOffloadNamesAndOthersOnTheDefaultPool() {
		this.contextRunner.withBean(Reports.class).run((context) -> {
			Reports reports = context.getBean(Reports.class);
			assertTimeoutPreemptively(HANG, () -> {
				assertThat(reports.onReportsPool()).startsWith("reports-");
				assertThat(reports.onDefaultPool()).startsWith("tpool-");
			});
		});
	}

	@Test
	void poolOnTheClassAppliesToEveryMethodAndAMethodsOwnWins() {
		this.contextRunner.withBean(Hashes.class).run((context) -> {
			Hashes hashes = context.getBean(Hashes.class);
			assertTimeoutPreemptively(HANG, () -> {
				assertThat(hashes.onClassPool()).startsWith("hashes-");
				assertThat(hashes.onMethodPool()).startsWith("reports-");
			});
		});
	}

	@Test
	void beanNamedUnderTpoolProxiesRunsOnThePoolItsPoolSettingNames() {
		this.contextRunner.withBean("threadNames", ThreadNames.class, PlainThreadNames::new)
			.withPropertyValues("tpool.proxies.threadNames.pool=reports")
			.run((context) -> {
				ThreadNames threadNames = context.getBean(ThreadNames.class);
				assertThat(assertTimeoutPreemptively(HANG, threadNames::current)).startsWith("reports-");
			});
	}

	@Test
	void beanOfAnOffloadFactoryMethodRunsOnThePoolItNames() {
		this.contextRunner.withUserConfiguration(FactoryMethodConfiguration.class).run((context) -> {
			ThreadNames threadNames = context.getBean(ThreadNames.class);
			assertThat(assertTimeoutPreemptively(HANG, threadNames::current)).startsWith("hashes-");
		});
	}

	@Test
	void offloadNamingAPoolThatDoesNotExistFailsTheStartNamingThePoolAndTheBean() {
		this.contextRunner.withBean("misnamed", Misnamed.class).run((context) -> {
			UnknownTpoolException failure = unknownPool(context);
			assertThat(failure.getPoolName()).isEqualTo("reprots");
			assertThat(failure.getKnownPools()).containsExactly("tpool", "reports", "hashes");
			assertThat(failure).hasMessageContaining("'reprots'")
				.hasMessageContaining("@Offload(pool = \"reprots\") on bean 'misnamed'");
		});
	}

	@Test
	void proxiesSettingNamingAPoolThatDoesNotExistFailsTheStartNamingTheSetting() {
		this.contextRunner.withBean("threadNames", ThreadNames.class, PlainThreadNames::new)
			.withPropertyValues("tpool.proxies.threadNames.pool=nope")
			.run((context) -> {
				assertThat(unknownPool(context)).hasMessageContaining("'nope'")
					.hasMessageContaining("tpool.proxies.threadNames.pool");
			});
	}

	@Test
	void callPastTheDeadlineOfItsOffloadGetsATimeoutAndAMethodsOwnDeadlineWins() {
		this.contextRunner.withBean(Deadlines.class).run((context) -> {
			Deadlines deadlines = context.getBean(Deadlines.class);
			assertTimeoutPreemptively(HANG, () -> {
				assertThatExceptionOfType(TpoolTimeoutException.class).isThrownBy(deadlines::classDeadline)
					.withMessageContaining("PT0.1S");
				assertThat(deadlines.ownDeadline()).isEqualTo("in time");
			});
		});
	}

	@Test
	void offloadTimeoutThatIsNoDurationFailsTheStartNamingTheBeanAndTheMethod() {
		this.contextRunner.withBean("badTimeout", BadTimeout.class).run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription()).contains("'badTimeout'").contains("method query").contains("soon");
			assertThat(analysis.getAction()).isEqualTo("Set the timeout of @Offload to a positive duration, such as "
					+ "\"2s\", \"500ms\" or \"PT2S\", or remove it, so that the calls get their pool's deadline "
					+ "(tpool.timeout, or tpool.pools.<name>.timeout for a named pool), if any.");
		});
	}

	@Test
	void offloadTimeoutOfAFactoryMethodThatIsNoDurationFailsTheStartWithAnActionAboutTheTimeout() {
		this.contextRunner.withUserConfiguration(BadTimeoutFactoryMethodConfiguration.class).run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription()).contains("'threadNames'")
				.contains("its factory method")
				.contains("'abc' is not a valid duration");
			assertThat(analysis.getAction()).startsWith("Set the timeout of @Offload to a positive duration")
				.doesNotContain("autowrap");
		});
	}

	@Test
	void offloadAutowrapOfAClassFailsTheStartWithAnActionAboutAutowrapOnly() {
		this.contextRunner.withBean("badAutowrap", BadAutowrap.class).run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription()).contains("'badAutowrap'").contains("java.util.ArrayList");
			assertThat(analysis.getAction())
				.isEqualTo("List only interfaces in @Offload(autowrap = ...), such as java.sql.ResultSet.");
		});
	}

	@Test
	void offloadTimeoutThatIsNotPositiveFailsTheStart() {
		this.contextRunner.withBean("zeroTimeout", ZeroTimeout.class).run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription()).contains("'zeroTimeout'")
				.contains("timeout must be positive, but was 0s");
		});
	}

	private static UnknownTpoolException unknownPool(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof UnknownTpoolException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("an UnknownTpoolException in %s", context.getStartupFailure()).isNotNull();
		return (UnknownTpoolException) failure;
	}

	public static class Reports {

		@Offload(pool = "reports")
		public String onReportsPool() {
			return Thread.currentThread().getName();
		}

		@Offload
		public String onDefaultPool() {
			return Thread.currentThread().getName();
		}

	}

	@Offload(pool = "hashes")
	public static class Hashes {

		public String onClassPool() {
			return Thread.currentThread().getName();
		}

		@Offload(pool = "reports")
		public String onMethodPool() {
			return Thread.currentThread().getName();
		}

	}

	public interface ThreadNames {

		String current();

	}

	static class PlainThreadNames implements ThreadNames {

		@Override
		public String current() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryMethodConfiguration {

		@Bean
		@Offload(pool = "hashes")
		ThreadNames threadNames() {
			return new PlainThreadNames();
		}

	}

	public static class Misnamed {

		@Offload(pool = "reprots")
		public String query() {
			return "never";
		}

	}

	@Offload(timeout = "100ms")
	public static class Deadlines {

		public String classDeadline() throws InterruptedException {
			Thread.sleep(Duration.ofSeconds(20));
			return "too late";
		}

		@Offload(timeout = "20s")
		public String ownDeadline() throws InterruptedException {
			Thread.sleep(300);
			return "in time";
		}

	}

	public static class BadTimeout {

		@Offload(timeout = "soon")
		public String query() {
			return "never";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadTimeoutFactoryMethodConfiguration {

		@Bean
		@Offload(timeout = "abc")
		ThreadNames threadNames() {
			return new PlainThreadNames();
		}

	}

	public static class BadAutowrap {

		@Offload(autowrap = ArrayList.class)
		public List<String> names() {
			return new ArrayList<>();
		}

	}

	public static class ZeroTimeout {

		@Offload(timeout = "0s")
		public String query() {
			return "never";
		}

	}

}
