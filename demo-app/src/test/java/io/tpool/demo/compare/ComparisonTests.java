package io.tpool.demo.compare;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.tpool.Tpool;
import io.tpool.demo.nativecall.NativeClient;
import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.watchdog.CarrierWatchdog;
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

	@Test
	void theCompensatedModeRunsWithTheWatchdogsCompensationOnAndTheModeAfterItWithout() throws InterruptedException {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		assertThat(scheduler).isNotNull();
		int base = scheduler.parallelism();
		try (CarrierWatchdog watchdog = CarrierWatchdog.builder()
			.applicationPackages("io.tpool.demo")
			.logger(System.getLogger(ComparisonTests.class.getName()))
			.build()) {
			watchdog.start();
			CompensationSwitch compensation = new CompensationSwitch(watchdog, scheduler);
			assertThat(compensation.unavailable()).isNull();
			NativeClient client = new NativeClient(this.pool);
			// Each call holds its carrier three times compensation's delay.
			Runnable hold = () -> client.sleep(150);
			List<Comparison.Run> runs = new Comparison(8,
					List.of(new Comparison.Mode("direct", hold),
							new Comparison.Mode("direct, compensated", hold, compensation),
							new Comparison.Mode("direct again", hold)),
					compensation::carriers)
				.run();
			assertThat(runs).extracting(Comparison.Run::mode)
				.containsExactly("direct", "direct, compensated", "direct again");
			Comparison.Carriers compensated = runs.get(1).carriers();
			assertThat(compensated.compensatedThroughout()).isTrue();
			assertThat(compensated.base()).isEqualTo(base);
			assertThat(compensated.added()).isPositive();
			assertThat(compensated.most()).isGreaterThan(base);
			assertThat(List.of(runs.get(0), runs.get(2))).allSatisfy((run) -> {
				assertThat(run.carriers().readings()).isPositive();
				assertThat(run.carriers().compensating()).isZero();
				assertThat(run.carriers().most()).isEqualTo(base);
			});
			assertThat(watchdog.isCompensationEnabled()).isFalse();
			assertThat(watchdog.carriers().compensation()).isFalse();
			assertThat(scheduler.parallelism()).isEqualTo(base);
		}
	}

	@Test
	void withoutAWatchdogTheCompensatedModeMakesNoCallAndSaysWhy() throws InterruptedException {
		AtomicInteger calls = new AtomicInteger();
		CompensationSwitch compensation = new CompensationSwitch(null, VirtualThreadScheduler.get());
		List<Comparison.Run> runs = new Comparison(4,
				List.of(new Comparison.Mode("direct, compensated", calls::incrementAndGet, compensation)),
				compensation::carriers)
			.run();
		assertThat(calls).hasValue(0);
		assertThat(runs).singleElement().satisfies((run) -> {
			assertThat(run.ran()).isFalse();
			assertThat(run.notRun())
				.isEqualTo("n/a: the carrier watchdog, which compensates, is off (tpool.watchdog.enabled=false)");
		});
	}

	@Test
	void withoutTheSchedulerMXBeanTheCompensatedModeNeedsJdk24() {
		try (CarrierWatchdog watchdog = CarrierWatchdog.builder().build()) {
			assertThat(new CompensationSwitch(watchdog, null).unavailable()).startsWith("n/a: needs JDK 24 (")
				.contains("jdk.management.VirtualThreadSchedulerMXBean");
		}
	}

	@Test
	void aWatchdogThatDoesNotRunCannotCompensate() {
		try (CarrierWatchdog watchdog = CarrierWatchdog.builder().build()) {
			assertThat(new CompensationSwitch(watchdog, VirtualThreadScheduler.get()).unavailable())
				.startsWith("n/a: the carrier watchdog does not sample the scheduler here");
		}
	}

}
