package io.tpool.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The regression guard for the hand-off, in under two minutes: the round trip against
 * {@code ForkJoinPool(20)} and the spinning floor, the cost of a call with 16 submitters
 * against one, and the extra CPU of light use against a {@code ThreadPoolExecutor(20)};
 * each ratio against its goal. Short runs: a failed line is a reason to run the full
 * benchmarks, not a verdict. Run with {@code -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @since 0.2.0
 */
public final class QuickCheck {

	private QuickCheck() {
	}

	public static void main(String[] args) throws Exception {
		long start = System.nanoTime();
		Collection<RunResult> roundTrips = new Runner(new OptionsBuilder()
			.include(VirtualCallerRoundTrip.class.getName() + "\\.(tpool|forkJoinPool|spinningPingPongFloor)$")
			.mode(Mode.AverageTime)
			.timeUnit(TimeUnit.MICROSECONDS)
			.forks(1)
			.warmupIterations(2)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(3)
			.measurementTime(TimeValue.seconds(1))
			.verbosity(VerboseMode.SILENT)
			.build()).run();
		double tpool = score(roundTrips, "tpool");
		double forkJoinPool = score(roundTrips, "forkJoinPool");
		double floor = score(roundTrips, "spinningPingPongFloor");
		Map<String, Map<Integer, SubmitterScaling.Cost>> costs = SubmitterScaling.measure(new int[] { 1, 16 }, 1, 1, 2,
				VerboseMode.SILENT);
		List<CpuHarness.Row> cpu = CpuHarness.measure(Duration.ofSeconds(3), 1);
		System.out.println();
		System.out.printf(Locale.ROOT, "round trip: tpool %.3f us, ForkJoinPool %.3f us, floor %.3f us%n", tpool,
				forkJoinPool, floor);
		check("round trip against ForkJoinPool(20)", tpool / forkJoinPool, 0.35);
		check("round trip against the spinning floor", tpool / floor, 10);
		Map<Integer, SubmitterScaling.Cost> tpoolCosts = costs.get("tpool");
		check("cost of a call, 16 callers against 1", tpoolCosts.get(16).nanos() / tpoolCosts.get(1).nanos(), 1.3);
		check("16 callers: tpool against ForkJoinPool(20)",
				tpoolCosts.get(16).nanos() / costs.get("forkJoinPool").get(16).nanos(), 1.0);
		check("16 callers: tpool against ThreadPoolExecutor(20)",
				tpoolCosts.get(16).nanos() / costs.get("threadPoolExecutor").get(16).nanos(), 1.0);
		CpuHarness.print(cpu);
		for (CpuHarness.Row row : cpu) {
			check("extra CPU against ThreadPoolExecutor(20), a call every " + row.interval(), row.ratio(), 1.5);
		}
		System.out.printf(Locale.ROOT, "%ntook %d s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds());
	}

	private static double score(Collection<RunResult> results, String benchmark) {
		return results.stream()
			.filter((result) -> result.getParams().getBenchmark().endsWith("." + benchmark))
			.findFirst()
			.orElseThrow()
			.getPrimaryResult()
			.getScore();
	}

	private static void check(String what, double ratio, double goal) {
		System.out.printf(Locale.ROOT, "%-70s %6.2fx  goal <= %.2fx  %s%n", what, ratio, goal,
				(ratio <= goal) ? "ok" : "MISSED");
	}

}
