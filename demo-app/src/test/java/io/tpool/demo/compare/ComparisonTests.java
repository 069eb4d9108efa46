package io.tpool.demo.compare;

import java.util.List;

import io.tpool.Tpool;
import io.tpool.demo.nativecall.NativeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Comparison}, on the two carriers that the build gives the tests and
 * with a smaller load than {@code --compare}'s.
 *
 * @since 0.1.0
 */
class ComparisonTests {

	private final Tpool pool = Tpool.builder().size(20).build();

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void theOffloadedRunCompletesMoreCallsPerSecondThanTheDirectRun() throws InterruptedException {
		List<Comparison.Run> runs = comparison().run();
		assertThat(runs).extracting(Comparison.Run::mode).containsExactly("direct", "offloaded");
		assertThat(runs.get(1).callsPerSecond()).isGreaterThan(runs.get(0).callsPerSecond() * 2);
	}

	@Test
	void aFreshVirtualThreadStartsSoonerDuringTheOffloadedRunThanDuringTheDirectRun() throws InterruptedException {
		List<Comparison.Run> runs = comparison().run();
		assertThat(runs).allSatisfy((run) -> assertThat(run.probes()).isPositive());
		assertThat(runs.get(1).startP50()).isLessThan(runs.get(0).startP50());
	}

	private Comparison comparison() {
		NativeClient client = new NativeClient(this.pool);
		return new Comparison(40, List.of(new Comparison.Mode("direct", () -> client.sleep(20)),
				new Comparison.Mode("offloaded", () -> this.pool.execute(() -> client.sleep(20)))));
	}

}
