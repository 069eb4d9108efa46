package io.tpool.autoconfigure;

import io.tpool.Tpool;
import io.tpool.TpoolRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link TpoolRegistry} bean, the application's pools by name, and the
 * failure report of an unknown pool name.
 */
class TpoolRegistryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class))
		.withPropertyValues("tpool.pools.duckdb.size=4", "tpool.pools.reports.size=2");

	@Test
	void emptyNameIsTheDefaultPool() {
		this.contextRunner.run((context) -> assertThat(context.getBean(TpoolRegistry.class).get(""))
			.isSameAs(context.getBean("tpool")));
	}

	@Test
	void namedPoolIsFoundByItsName() {
		this.contextRunner.run((context) -> {
			TpoolRegistry registry = context.getBean(TpoolRegistry.class);
			assertThat(registry.get("duckdb")).isSameAs(context.getBean("duckdbTpool"));
			assertThat(registry.get("reports")).isSameAs(context.getBean("reportsTpool"));
		});
	}

	@Test
	void defaultPoolIsFoundByItsNameToo() {
		this.contextRunner.run((context) -> assertThat(context.getBean(TpoolRegistry.class).get("tpool"))
			.isSameAs(context.getBean("tpool")));
	}

	@Test
	void poolsAreListedDefaultPoolFirst() {
		this.contextRunner.run((context) -> {
			TpoolRegistry registry = context.getBean(TpoolRegistry.class);
			assertThat(registry.pools()).extracting(Tpool::name).containsExactly("tpool", "duckdb", "reports");
			assertThat(registry.names()).containsExactly("tpool", "duckdb", "reports");
		});
	}

	@Test
	void unknownNameIsReportedWithWhatAskedForItAndAnAction() {
		this.contextRunner.run((context) -> {
			TpoolRegistry registry = context.getBean(TpoolRegistry.class);
			assertThat(registry.find("duckdbb")).isEmpty();
			UnknownTpoolException ex = new UnknownTpoolException("duckdbb", registry.names(),
					"tpool.proxies.dataSource.pool");
			assertThat(ex.getKnownPools()).containsExactly("tpool", "duckdb", "reports");
			FailureAnalysis analysis = new TpoolStartupFailureAnalyzer().analyze(new IllegalStateException(ex));
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).isEqualTo("No tpool pool is named 'duckdbb', which "
					+ "tpool.proxies.dataSource.pool asks for. The pools are: tpool, duckdb, reports.");
			assertThat(analysis.getAction()).isEqualTo("Use the name of one of the pools (tpool, duckdb, reports), "
					+ "or define a pool named duckdbb with its settings under tpool.pools.duckdbb, "
					+ "such as tpool.pools.duckdbb.size=4.");
		});
	}

	@Test
	void defaultPoolIsTheApplicationsOwnPoolWhenItDefinesOne() {
		this.contextRunner.withBean("myPool", Tpool.class, () -> Tpool.builder().name("mine").size(1).build())
			.run((context) -> {
				TpoolRegistry registry = context.getBean(TpoolRegistry.class);
				assertThat(registry.get("").name()).isEqualTo("mine");
				assertThat(registry.get("mine")).isSameAs(registry.get(""));
				assertThat(registry.names()).containsExactly("mine", "duckdb", "reports");
			});
	}

	@Test
	void withoutADefaultPoolTheEmptyNameIsReportedAsSuch() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class))
			.withBean("first", Tpool.class, () -> Tpool.builder().name("first").size(1).build())
			.withBean("second", Tpool.class, () -> Tpool.builder().name("second").size(1).build())
			.run((context) -> {
				TpoolRegistry registry = context.getBean(TpoolRegistry.class);
				assertThat(registry.get("second").name()).isEqualTo("second");
				assertThat(registry.defaultPool()).isEmpty();
				UnknownTpoolException ex = new UnknownTpoolException("", registry.names(), null);
				assertThat(ex).hasMessage("There is no default tpool pool: no Tpool bean is the one to inject by "
						+ "type. The pools are: first, second.");
				assertThat(new TpoolStartupFailureAnalyzer().analyze(ex).getAction())
					.isEqualTo("Mark one of the Tpool beans @Primary, or ask for a pool by its name.");
			});
	}

	@Test
	void registryLeavesClosingThePoolsToTheContext() {
		this.contextRunner.run((context) -> {
			TpoolRegistry registry = context.getBean(TpoolRegistry.class);
			Tpool duckdb = registry.get("duckdb");
			context.getBeanFactory().destroyBean("tpoolRegistry", registry);
			assertThat(duckdb.isClosed()).isFalse();
			context.close();
			assertThat(duckdb.isClosed()).isTrue();
		});
	}

}
