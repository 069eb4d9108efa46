package io.tpool.autoconfigure;

import io.tpool.TpoolRegistry;
import io.tpool.watchdog.CarrierWatchdog;
import io.tpool.autoconfigure.watchdog.TpoolWatchdogAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Spring Boot's failure report for each tpool property that has a bad value, as a real
 * {@link SpringApplication} start prints it: the property, its value, where the value
 * came from, and an action.
 */
@ExtendWith(OutputCaptureExtension.class)
class TpoolPropertyFailureReportTests {

	@Test
	void zeroSizeIsReportedWithItsOriginAndAnAction(CapturedOutput output) {
		assertThatStartFails("--tpool.size=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool setting tpool.size is '0' (from \"tpool.size\" from property source "
					+ "\"commandLineArgs\"), but it must be from 1 to 10000.")
			.contains("Set tpool.size to the number of pool threads (it must be from 1 to 10000), "
					+ "or remove it to use the EVENTLET_THREADPOOL_SIZE environment variable, else 20.");
	}

	@Test
	void negativeSizeIsReported(CapturedOutput output) {
		assertThatStartFails("--tpool.size=-3");
		assertThat(output).contains("The tpool setting tpool.size is '-3'").contains("Action:");
	}

	@Test
	void sizeAboveTheMaximumIsReportedWithTheFileAndLineItCameFrom(CapturedOutput output) {
		assertThatStartFails("--spring.config.location=classpath:failure-report/size-too-large.properties");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern("The tpool setting tpool.size is '100000' \\(from class path resource "
					+ "\\[failure-report/size-too-large.properties\\].* - 2:12\\), but it must be from 1 to 10000\\.")
			.contains("Set tpool.size");
	}

	@Test
	void blankThreadNamePrefixIsReported(CapturedOutput output) {
		assertThatStartFails("--tpool.thread-name-prefix= ");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool setting tpool.thread-name-prefix is ' '")
			.contains("but it must not be blank")
			.contains("Set tpool.thread-name-prefix to the start of the pool threads' names");
	}

	@Test
	void nonNumericSizeIsReportedByBootsBinder(CapturedOutput output) {
		assertThatStartFails("--tpool.size=abc");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: tpool.size")
			.contains("Value: \"abc\"")
			.contains("Action:");
	}

	@Test
	void zeroQueueCapacityIsReported(CapturedOutput output) {
		assertThatStartFails("--tpool.queue-capacity=0");
		assertThat(output)
			.contains("The tpool setting tpool.queue-capacity is '0' (from \"tpool.queue-capacity\" "
					+ "from property source \"commandLineArgs\"), but it must be at least 1.")
			.contains("Set tpool.queue-capacity to the number of tasks that may wait for a thread "
					+ "(it must be at least 1), or remove it for an unbounded queue.");
	}

	@Test
	void queueCapacityIsReportedAsTheUserWroteIt(CapturedOutput output) {
		assertThatStartFails("--tpool.queueCapacity=-5");
		assertThat(output).contains("The tpool setting tpool.queue-capacity is '-5' (from \"tpool.queueCapacity\" "
				+ "from property source \"commandLineArgs\")");
	}

	@Test
	void negativeShutdownPeriodIsReportedWithTheValueAsWritten(CapturedOutput output) {
		assertThatStartFails("--tpool.shutdown.await-termination-period=-1s");
		assertThat(output)
			.contains("The tpool setting tpool.shutdown.await-termination-period is '-1s' "
					+ "(from \"tpool.shutdown.await-termination-period\" from property source \"commandLineArgs\"), "
					+ "but it must not be negative.")
			.contains("Set tpool.shutdown.await-termination-period to how long tasks may take to finish "
					+ "when the context closes (it must not be negative), or remove it for 30s.");
	}

	@Test
	void zeroKeepAliveIsReportedWithItsOriginAndAnAction(CapturedOutput output) {
		assertThatStartFails("--tpool.keep-alive=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool setting tpool.keep-alive is '0' (from \"tpool.keep-alive\" from property source "
					+ "\"commandLineArgs\"), but it must be positive.")
			.contains("Set tpool.keep-alive to how long an idle pool thread lives (it must be positive), "
					+ "or remove it for 60s.");
	}

	@Test
	void negativeTimeoutIsReportedWithTheValueAsWritten(CapturedOutput output) {
		assertThatStartFails("--tpool.timeout=-1s");
		assertThat(output)
			.contains("The tpool setting tpool.timeout is '-1s' (from \"tpool.timeout\" from property source "
					+ "\"commandLineArgs\"), but it must be positive.")
			.contains("Set tpool.timeout to the deadline of every call (it must be positive), "
					+ "or remove it for calls without a deadline.");
	}

	@Test
	void zeroMaxQueueWaitIsReported(CapturedOutput output) {
		assertThatStartFails("--tpool.max-queue-wait=0ms");
		assertThat(output)
			.contains("The tpool setting tpool.max-queue-wait is '0ms' (from \"tpool.max-queue-wait\" "
					+ "from property source \"commandLineArgs\"), but it must be positive.")
			.contains("Set tpool.max-queue-wait to how long a task may wait for a thread (it must be positive), "
					+ "or remove it to let tasks wait until a thread is free.");
	}

	@Test
	void namedPoolSizeAboveTheMaximumIsReportedWithItsFullKey(CapturedOutput output) {
		assertThatStartFails("--tpool.pools.duckdb.size=100000");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool setting tpool.pools.duckdb.size is '100000' (from \"tpool.pools.duckdb.size\" "
					+ "from property source \"commandLineArgs\"), but it must be from 1 to 10000.")
			.contains("Set tpool.pools.duckdb.size to the number of pool threads (it must be from 1 to 10000), "
					+ "or remove it for 20.");
	}

	@Test
	void namedPoolSettingFromAYamlFileIsReportedWithTheFileAndLine(CapturedOutput output) {
		assertThatStartFails("--spring.config.location=classpath:failure-report/named-pool.yaml");
		assertThat(output)
			.containsPattern("The tpool setting tpool.pools.duckdb.max-queue-wait is '0ms' \\(from class path "
					+ "resource \\[failure-report/named-pool.yaml\\].* - 5:23\\), but it must be positive\\.")
			.contains("Set tpool.pools.duckdb.max-queue-wait to how long a task may wait for a thread");
	}

	@Test
	void namedPoolWithCapitalsInItsNameIsReportedWithTheKeyAsWritten(CapturedOutput output) {
		assertThatStartFails("--tpool.pools.duckDb.keep-alive=-5s");
		assertThat(output).contains("The tpool setting tpool.pools.duckDb.keep-alive is '-5s' "
				+ "(from \"tpool.pools.duckDb.keep-alive\" from property source \"commandLineArgs\"), "
				+ "but it must be positive.");
	}

	@Test
	void nonNumericNamedPoolSizeIsReportedByBootsBinder(CapturedOutput output) {
		assertThatStartFails("--tpool.pools.duckdb.size=lots");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: tpool.pools.duckdb.size")
			.contains("Value: \"lots\"")
			.contains("Action:");
	}

	@Test
	void poolNamedAfterTheDefaultPoolIsReported(CapturedOutput output) {
		assertThatStartFails("--tpool.pools.tpool.size=3");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool pool name 'tpool' (from \"tpool.pools.tpool.size\" from property source "
					+ "\"commandLineArgs\") is the name of the default pool, whose settings are directly under tpool.")
			.contains("Give the pool under tpool.pools.tpool another name, or set the default pool's settings "
					+ "directly under tpool, as in tpool.size.");
	}

	@Test
	void poolWithAnInvalidNameIsReported(CapturedOutput output) {
		assertThatStartFails("--tpool.pools[duck.db].size=3");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool pool name 'duck.db' (from \"tpool.pools[duck.db].size\" from property source "
					+ "\"commandLineArgs\") is not valid: a pool name is letters, digits and dashes, "
					+ "starting with a letter.")
			.contains("Rename the pool under tpool.pools");
	}

	@Test
	void unknownPoolNameIsReportedWithTheKnownPoolsAndAnAction(CapturedOutput output) {
		assertThatStartFails("--tpool.pools.duckdb.size=2", "--report.ask-for-pool=duckdbb");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("No tpool pool is named 'duckdbb', which the bean poolUser asks for. "
					+ "The pools are: tpool, duckdb.")
			.contains("Use the name of one of the pools (tpool, duckdb), or define a pool named duckdbb "
					+ "with its settings under tpool.pools.duckdbb, such as tpool.pools.duckdbb.size=4.");
	}

	@Test
	void proxiesPoolNamingNoPoolIsReportedWithItsOriginAndAnAction(CapturedOutput output) {
		assertThatStartFails("--tpool.pools.duckdb.size=2", "--report.with-proxied-bean=true",
				"--tpool.proxies.proxiedBean.pool=duckdbb");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The tpool setting tpool.proxies.proxiedBean.pool is 'duckdbb' "
					+ "(from \"tpool.proxies.proxiedBean.pool\" from property source \"commandLineArgs\"), "
					+ "but no pool is named 'duckdbb'. The pools are: tpool, duckdb.")
			.contains("Use the name of one of the pools (tpool, duckdb), or define a pool named duckdbb "
					+ "with its settings under tpool.pools.duckdbb, such as tpool.pools.duckdbb.size=4.");
	}

	@Test
	void proxiesPoolNamingNoPoolFromAYamlFileIsReportedWithTheFileAndLine(CapturedOutput output) {
		assertThatStartFails("--spring.config.location=classpath:failure-report/proxy-pool.yaml");
		assertThat(output).containsPattern("The tpool setting tpool.proxies.proxiedBean.pool is 'duckdbb' \\(from "
				+ "class path resource \\[failure-report/proxy-pool.yaml\\].* - 9:13\\), but no pool is named "
				+ "'duckdbb'\\. The pools are: tpool, duckdb\\.");
	}

	@Test
	void zeroWatchdogThresholdIsReportedWithItsOriginAndAnAction(CapturedOutput output) {
		assertThatStartFails("--tpool.watchdog.threshold=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0' for configuration property 'tpool.watchdog.threshold' "
					+ "(originating from '\"tpool.watchdog.threshold\" from property source \"commandLineArgs\"')")
			.contains("The carrier watchdog's threshold must be positive. Set tpool.watchdog.threshold "
					+ "to a duration such as 500ms, or remove it for the default of 200ms.")
			.contains("Action:");
	}

	@Test
	void negativeWatchdogThresholdIsReportedWithTheFileAndLineItCameFrom(CapturedOutput output) {
		assertThatStartFails("--spring.config.location=classpath:failure-report/negative-threshold.yaml");
		assertThat(output).containsPattern("Invalid value '-1s' for configuration property 'tpool.watchdog.threshold' "
				+ "\\(originating from 'class path resource \\[failure-report/negative-threshold.yaml\\].* - 3:16'\\)")
			.contains("must be positive");
	}

	@Test
	void badWatchdogThresholdIsNotReportedWhenTheWatchdogIsDisabled() {
		try (ConfigurableApplicationContext context = application().run("--tpool.watchdog.threshold=0",
				"--tpool.watchdog.enabled=false")) {
			assertThat(context.getBeanProvider(CarrierWatchdog.class).getIfAvailable()).isNull();
		}
	}

	private static void assertThatStartFails(String... args) {
		assertThatException().isThrownBy(() -> application().run(args).close());
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(ReportedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		return application;
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ TpoolAutoConfiguration.class, TpoolWatchdogAutoConfiguration.class })
	static class ReportedApplication {

		@Bean
		@ConditionalOnProperty("report.ask-for-pool")
		Object poolUser(TpoolRegistry pools, Environment environment) {
			String name = environment.getRequiredProperty("report.ask-for-pool");
			return pools.find(name)
				.orElseThrow(() -> new UnknownTpoolException(name, pools.names(), "the bean poolUser"));
		}

		@Bean
		@ConditionalOnProperty("report.with-proxied-bean")
		Runnable proxiedBean() {
			return () -> {
			};
		}

	}

}
