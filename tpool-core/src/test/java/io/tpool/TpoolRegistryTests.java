package io.tpool;

import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TpoolRegistry}.
 */
class TpoolRegistryTests {

	@Test
	void emptyNameIsTheDefaultPool() {
		try (TpoolRegistry pools = TpoolRegistry.of(pool("tpool"), pool("duckdb"))) {
			assertThat(pools.get(TpoolRegistry.DEFAULT_POOL).name()).isEqualTo("tpool");
			assertThat(pools.defaultPool()).containsSame(pools.get("tpool"));
		}
	}

	@Test
	void poolIsFoundByItsName() {
		Tpool duckdb = pool("duckdb");
		try (TpoolRegistry pools = TpoolRegistry.of(pool("tpool"), duckdb, pool("reports"))) {
			assertThat(pools.get("duckdb")).isSameAs(duckdb);
			assertThat(pools.find("duckdb")).containsSame(duckdb);
		}
	}

	@Test
	void defaultPoolIsFoundByItsOwnNameToo() {
		Tpool mine = pool("mine");
		try (TpoolRegistry pools = TpoolRegistry.of(mine)) {
			assertThat(pools.get("mine")).isSameAs(mine).isSameAs(pools.get(""));
		}
	}

	@Test
	void poolsAndNamesAreListedDefaultPoolFirst() {
		try (TpoolRegistry pools = TpoolRegistry.of(pool("tpool"), List.of(pool("duckdb"), pool("reports")))) {
			assertThat(pools.pools()).extracting(Tpool::name).containsExactly("tpool", "duckdb", "reports");
			assertThat(pools.names()).containsExactly("tpool", "duckdb", "reports");
		}
	}

	@Test
	void defaultPoolGivenAmongThePoolsTooIsListedOnce() {
		Tpool tpool = pool("tpool");
		try (TpoolRegistry pools = TpoolRegistry.of(tpool, List.of(pool("duckdb"), tpool))) {
			assertThat(pools.names()).containsExactly("tpool", "duckdb");
		}
	}

	@Test
	void unknownNameThrowsAnExceptionNamingItAndTheKnownPools() {
		try (TpoolRegistry pools = TpoolRegistry.of(pool("tpool"), pool("duckdb"))) {
			assertThat(pools.find("duckdbb")).isEmpty();
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> pools.get("duckdbb"))
				.withMessage("No tpool pool is named 'duckdbb'. The pools are: tpool, duckdb.");
		}
	}

	@Test
	void withoutADefaultPoolTheEmptyNameIsReportedAsSuch() {
		try (TpoolRegistry pools = TpoolRegistry.of(null, List.of(pool("first"), pool("second")))) {
			assertThat(pools.defaultPool()).isEmpty();
			assertThat(pools.get("second").name()).isEqualTo("second");
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> pools.get(""))
				.withMessage("There is no default tpool pool. The pools are: first, second.");
		}
	}

	@Test
	void emptyRegistrySaysThatThereIsNoPool() {
		try (TpoolRegistry pools = TpoolRegistry.of(null, List.of())) {
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> pools.get("duckdb"))
				.withMessage("No tpool pool is named 'duckdb'. There is no pool.");
		}
	}

	@Test
	void twoPoolsOfTheSameNameAreRefused() {
		Tpool twin = pool("twin");
		Tpool otherTwin = pool("twin");
		try (Tpool tpool = pool("tpool")) {
			assertThatIllegalArgumentException().isThrownBy(() -> TpoolRegistry.of(tpool, twin, otherTwin))
				.withMessageStartingWith("2 pools are named 'twin'");
		}
		finally {
			twin.close();
			otherTwin.close();
		}
	}

	@Test
	void closeClosesEveryPool() {
		Tpool tpool = pool("tpool");
		Tpool duckdb = pool("duckdb");
		TpoolRegistry pools = TpoolRegistry.of(tpool, duckdb);
		pools.close();
		assertThat(tpool.isClosed()).isTrue();
		assertThat(duckdb.isClosed()).isTrue();
	}

	@Test
	void listsCannotBeChanged() {
		try (TpoolRegistry pools = TpoolRegistry.of(pool("tpool"))) {
			assertThat(pools.pools()).isUnmodifiable();
			assertThat(pools.names()).isUnmodifiable();
		}
	}

	private static Tpool pool(String name) {
		return Tpool.builder().name(name).size(1).build();
	}

}
