package io.tpool.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Many submitters: 1, 2, 4, 8, 16 and 64 virtual callers making back-to-back round trips
 * through a pool of 20, tpool against {@code ForkJoinPool(20)} and a
 * {@code ThreadPoolExecutor(20)}; the cost of a call is the total time over the calls
 * made (the inverse of the throughput). Runs JMH's {@link VirtualCallerRoundTrip}
 * benchmarks in throughput mode with as many benchmark threads, the forks of the three
 * pools alternated. tpool is called ahead of a peer, or behind it, only where JMH's 99.9%
 * intervals of the two do not overlap, and level where they do.
 *
 * @since 0.2.0
 */
public final class SubmitterScaling {

	static final int[] CALLERS = { 1, 2, 4, 8, 16, 64 };

	static final String[] PEERS = { "tpool", "forkJoinPool", "threadPoolExecutor" };

	private SubmitterScaling() {
	}

	public static void main(String[] args) throws RunnerException {
		int forks = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
		print(measure(CALLERS, forks, 3, 5, VerboseMode.NORMAL));
	}

	/**
	 * Measures each peer at each number of callers. The forks alternate: each round runs
	 * one fork of every peer, starting with the next peer each round, so that a machine
	 * that gets slower or faster during the run weighs on every peer alike; a peer's
	 * forks are then pooled as JMH pools the forks of one run.
	 * @return the cost of a call, by peer, then by callers
	 */
	static Map<String, Map<Integer, Cost>> measure(int[] callers, int forks, int warmups, int iterations,
			VerboseMode verbosity) throws RunnerException {
		Map<String, Map<Integer, Cost>> costs = new LinkedHashMap<>();
		for (String peer : PEERS) {
			costs.put(peer, new LinkedHashMap<>());
		}
		for (int count : callers) {
			Map<String, List<BenchmarkResult>> forksByPeer = new LinkedHashMap<>();
			for (int round = 0; round < forks; round++) {
				for (int i = 0; i < PEERS.length; i++) {
					String peer = PEERS[(round + i) % PEERS.length];
					ChainedOptionsBuilder options = new OptionsBuilder()
						.include(VirtualCallerRoundTrip.class.getName() + "\\." + peer + "$")
						.mode(Mode.Throughput)
						.timeUnit(TimeUnit.MICROSECONDS)
						.threads(count)
						.forks(1)
						.warmupIterations(warmups)
						.warmupTime(TimeValue.seconds(1))
						.measurementIterations(iterations)
						.measurementTime(TimeValue.seconds(1))
						.verbosity(verbosity);
					for (RunResult result : new Runner(options.build()).run()) {
						forksByPeer.computeIfAbsent(peer, (key) -> new ArrayList<>())
							.addAll(result.getBenchmarkResults());
					}
				}
			}
			for (Map.Entry<String, List<BenchmarkResult>> peer : forksByPeer.entrySet()) {
				List<BenchmarkResult> results = peer.getValue();
				RunResult pooled = new RunResult(results.get(0).getParams(), results);
				costs.get(peer.getKey()).put(count, Cost.of(pooled.getPrimaryResult()));
			}
		}
		return costs;
	}

	static void print(Map<String, Map<Integer, Cost>> costs) {
		List<Integer> counts = new ArrayList<>(costs.get("tpool").keySet());
		StringBuilder header = new StringBuilder("| peer, ns per call |");
		StringBuilder rule = new StringBuilder("|---|");
		for (int count : counts) {
			header.append(' ').append(count).append(count == 1 ? " caller |" : " callers |");
			rule.append("---:|");
		}
		System.out.println();
		System.out.println(header);
		System.out.println(rule);
		for (Map.Entry<String, Map<Integer, Cost>> peer : costs.entrySet()) {
			StringBuilder row = new StringBuilder("| ").append(peer.getKey()).append(" |");
			for (int count : counts) {
				row.append(String.format(Locale.ROOT, " %.0f |", peer.getValue().get(count).nanos()));
			}
			System.out.println(row);
		}
		Map<Integer, Cost> tpool = costs.get("tpool");
		StringBuilder ratios = new StringBuilder("| tpool against 1 caller |");
		for (int count : counts) {
			ratios.append(String.format(Locale.ROOT, " %.2fx |",
					tpool.get(count).nanos() / tpool.get(counts.get(0)).nanos()));
		}
		System.out.println(ratios);
		for (Map.Entry<String, Map<Integer, Cost>> peer : costs.entrySet()) {
			if (peer.getKey().equals("tpool")) {
				continue;
			}
			StringBuilder against = new StringBuilder("| tpool against ").append(peer.getKey()).append(" |");
			for (int count : counts) {
				Cost own = tpool.get(count);
				Cost theirs = peer.getValue().get(count);
				against.append(
						String.format(Locale.ROOT, " %.2fx %s |", own.nanos() / theirs.nanos(), own.against(theirs)));
			}
			System.out.println(against);
		}
		System.out.println();
		System.out.println("Costs in ns per call from the mean throughput; ahead or behind where JMH's 99.9% intervals "
				+ "do not overlap, level where they do.");
	}

	/**
	 * The cost of a call, with the costs at the two ends of JMH's 99.9% interval of the
	 * throughput.
	 *
	 * @param nanos nanoseconds per call at the mean throughput
	 * @param least at the top of the interval
	 * @param most at the bottom of the interval (infinite where it reaches 0)
	 */
	record Cost(double nanos, double least, double most) {

		static Cost of(Result<?> throughput) {
			double score = throughput.getScore();
			// JMH gives no interval for a single measurement.
			double error = Double.isNaN(throughput.getScoreError()) ? 0 : throughput.getScoreError();
			double low = score - error;
			return new Cost(1_000 / score, 1_000 / (score + error), (low > 0) ? 1_000 / low : Double.POSITIVE_INFINITY);
		}

		/**
		 * How this cost compares with another.
		 * @param other the other cost
		 * @return {@code ahead} (cheaper) or {@code behind} where the intervals do not
		 * overlap, {@code level} where they do
		 */
		String against(Cost other) {
			if (this.most < other.least) {
				return "ahead";
			}
			return (this.least > other.most) ? "behind" : "level";
		}

	}

}
