package io.tpool.autoconfigure;

import io.tpool.Tpool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TpoolRegistry}, the lookup of pools by name, and the failure report of
 * an unknown pool name.
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
	void unknownNameThrowsAnExceptionNamingItAndTheKnownPools() {
		this.contextRunner.run((context) -> {
			TpoolRegistry registry = context.getBean(TpoolRegistry.class);
			assertThat(registry.find("duckdbb")).isNull();
			assertThatExceptionOfType(UnknownTpoolException.class).isThrownBy(() -> registry.get("duckdbb"))
				.withMessage("No tpool pool is named 'duckdbb'. The pools are: tpool, duckdb, reports.")
				.satisfies((ex) -> {
					assertThat(ex.getPoolName()).isEqualTo("duckdbb");
					assertThat(ex.getKnownPools()).containsExactly("tpool", "duckdb", "reports");
				});
		});
	}

	@Test
	void unknownNameIsReportedWithWhatAskedForItAndAnAction() {
		this.contextRunner.run((context) -> {
			UnknownTpoolException ex = catchUnknown(context.getBean(TpoolRegistry.class), "duckdbb",
					"tpool.proxies.dataSource.pool");
			FailureAnalysis analysis = new UnknownTpoolFailureAnalyzer().analyze(new IllegalStateException(ex));
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
				UnknownTpoolException ex = catchUnknown(registry, "", null);
				assertThat(ex).hasMessage("There is no default tpool pool: no Tpool bean is the one to inject by "
						+ "type. The pools are: first, second.");
				assertThat(new UnknownTpoolFailureAnalyzer().analyze(ex).getAction())
					.isEqualTo("Mark one of the Tpool beans @Primary, or ask for a pool by its name.");
			});
	}

	@Test
	void twoPoolsOfTheSameNameCannotBeToldApart() {
		try (Tpool first = Tpool.builder().name("tpool").size(1).build();
				Tpool twin = Tpool.builder().name("twin").size(1).build();
				Tpool otherTwin = Tpool.builder().name("twin").size(1).build()) {
			TpoolRegistry registry = TpoolRegistry.of(first, twin, otherTwin);
			assertThatIllegalStateException().isThrownBy(() -> registry.get("twin"))
				.withMessageContaining("2 Tpool beans are named 'twin'");
		}
	}

	@Test
	void registryOfGivenPoolsWorksWithoutAContext() {
		try (Tpool tpool = Tpool.builder().size(1).build();
				Tpool duckdb = Tpool.builder().name("duckdb").size(1).build()) {
			TpoolRegistry registry = TpoolRegistry.of(tpool, duckdb);
			assertThat(registry.get(TpoolRegistry.DEFAULT_POOL)).isSameAs(tpool);
			assertThat(registry.get("duckdb")).isSameAs(duckdb);
			assertThat(registry.names()).containsExactly("tpool", "duckdb");
		}
	}

	@Test
	void registryCreatesNoPoolUntilAskedForOne() {
		this.contextRunner.withBean("lazyTpool", Tpool.class, () -> {
			throw new IllegalStateException("created");
		}, (definition) -> definition.setLazyInit(true)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TpoolRegistry.class)).isNotNull();
		});
	}

	private static UnknownTpoolException catchUnknown(TpoolRegistry registry, String name, String requester) {
		try {
			registry.get(name, requester);
		}
		catch (UnknownTpoolException ex) {
			return ex;
		}
		throw new AssertionError("no UnknownTpoolException for '" + name + "'");
	}

}
