package io.tpool.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tpool.Tpool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TpoolBuilderCustomizer} beans.
 */
class TpoolBuilderCustomizerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class));

	@Test
	void customizerIsAppliedToTheDefaultPool() {
		this.contextRunner.withBean(TpoolBuilderCustomizer.class, () -> (name, builder) -> builder.queueCapacity(7))
			.run((context) -> assertThat(context.getBean("tpool", Tpool.class).queueCapacity()).isEqualTo(7));
	}

	@Test
	void customizerIsAppliedToEveryNamedPoolWithItsName() {
		List<String> customized = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4", "tpool.pools.reports.size=2")
			.withBean(TpoolBuilderCustomizer.class, () -> (name, builder) -> {
				customized.add(name);
				return builder.timeout(Duration.ofSeconds(3));
			})
			.run((context) -> {
				assertThat(customized).containsExactlyInAnyOrder("tpool", "duckdb", "reports");
				assertThat(context.getBean("duckdbTpool", Tpool.class).timeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean("reportsTpool", Tpool.class).timeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean("tpool", Tpool.class).timeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void customizerWinsOverTheProperties() {
		this.contextRunner.withPropertyValues("tpool.size=4", "tpool.pools.duckdb.size=4")
			.withBean(TpoolBuilderCustomizer.class, () -> (name, builder) -> builder.size(6))
			.run((context) -> {
				assertThat(context.getBean("tpool", Tpool.class).size()).isEqualTo(6);
				assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(6);
			});
	}

	@Test
	void settingsThatTheCustomizerLeavesAloneKeepTheirProperties() {
		this.contextRunner.withPropertyValues("tpool.queue-capacity=5", "tpool.pools.duckdb.size=3")
			.withBean(TpoolBuilderCustomizer.class, () -> (name, builder) -> builder.keepAlive(Duration.ofSeconds(5)))
			.run((context) -> {
				assertThat(context.getBean("tpool", Tpool.class).queueCapacity()).isEqualTo(5);
				assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(3);
				assertThat(context.getBean("duckdbTpool", Tpool.class).name()).isEqualTo("duckdb");
			});
	}

	@Test
	void customizersAreAppliedInOrderSoTheLastOneWins() {
		this.contextRunner.withUserConfiguration(OrderedCustomizersConfiguration.class).run((context) -> {
			assertThat(context.getBean(OrderedCustomizersConfiguration.class).applied).containsExactly("first",
					"second");
			assertThat(context.getBean("tpool", Tpool.class).size()).isEqualTo(2);
		});
	}

	@Test
	void applicationsOwnPoolIsNotCustomized() {
		this.contextRunner.withBean("myPool", Tpool.class, () -> Tpool.builder().name("mine").size(1).build())
			.withBean(TpoolBuilderCustomizer.class, () -> (name, builder) -> builder.size(9))
			.run((context) -> assertThat(context.getBean(Tpool.class).size()).isEqualTo(1));
	}

	@Test
	void customizerReturningNullFailsTheStartNamingItAndThePool() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4")
			.withBean("nullCustomizer", TpoolBuilderCustomizer.class,
					() -> (name, builder) -> name.equals("duckdb") ? null : builder)
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("The TpoolBuilderCustomizer bean 'nullCustomizer' (")
					.endsWith(") returned null for tpool pool 'duckdb'.");
				assertThat(analysis.getAction()).isEqualTo("Return the builder that the customizer is given, or one "
						+ "made from it: the builder is immutable, each of its setters returns a new builder.");
			});
	}

	@Test
	void customizerThatThrowsFailsTheStartNamingItThePoolAndItsException() {
		this.contextRunner.withBean("failingCustomizer", TpoolBuilderCustomizer.class, () -> (name, builder) -> {
			throw new IllegalStateException("no settings for " + name);
		}).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith("The TpoolBuilderCustomizer bean 'failingCustomizer' (")
				.endsWith(") failed to customize the builder of tpool pool 'tpool': "
						+ "java.lang.IllegalStateException: no settings for tpool.");
			assertThat(analysis.getCause()).hasRootCauseMessage("no settings for tpool");
			assertThat(analysis.getAction()).isEqualTo("Fix the customizer, or remove it.");
		});
	}

	@Test
	void invalidValueSetByACustomizerIsReportedAsTheCustomizersFault() {
		this.contextRunner.withPropertyValues("tpool.size=4")
			.withBean("zeroCustomizer", TpoolBuilderCustomizer.class, () -> (name, builder) -> builder.size(0))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.startsWith("The Tpool.Builder setting size of tpool pool 'tpool' is 0, but it must be from 1 to "
							+ "10000. The properties alone give a valid pool, so a customizer set it; the "
							+ "customizers are: TpoolBuilderCustomizer bean 'zeroCustomizer' (");
				assertThat(analysis.getAction()).isEqualTo("Fix the customizers so that they leave size as the "
						+ "properties set it, or set it to a valid value (it must be from 1 to 10000).");
			});
	}

	@Test
	void invalidPropertyIsStillReportedAsThePropertyWhenThereAreCustomizers() {
		this.contextRunner.withPropertyValues("tpool.size=0")
			.withBean(TpoolBuilderCustomizer.class, () -> (name, builder) -> builder.queueCapacity(3))
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("The tpool setting tpool.size is '0'"));
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new TpoolStartupFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizersConfiguration {

		final List<String> applied = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		TpoolBuilderCustomizer second() {
			return (name, builder) -> {
				this.applied.add("second");
				return builder.size(2);
			};
		}

		@Bean
		@Order(1)
		TpoolBuilderCustomizer first() {
			return (name, builder) -> {
				this.applied.add("first");
				return builder.size(1);
			};
		}

	}

}
