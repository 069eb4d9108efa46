package io.tpool.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tpool.Tpool;

/**
 * What a pool costs in CPU when it is lightly used: one virtual caller makes a trivial
 * call at a fixed pace (one every 100 us, 1 ms, 10 ms) through tpool and through its
 * peers, and the process's CPU time per wall-clock second is read over a window. The same
 * pacing with the call made directly is the baseline: what a peer costs beyond it is its
 * extra CPU ({@link ProcessCpu}, to the nanosecond on Linux). Run with
 * {@code -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @since 0.2.0
 */
public final class CpuHarness {

	static final Duration[] INTERVALS = { Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10) };

	private CpuHarness() {
	}

	public static void main(String[] args) throws Exception {
		Duration window = Duration.ofSeconds((args.length > 0) ? Integer.parseInt(args[0]) : 10);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		System.out.printf("carriers: %s, cores: %d, JDK %s, window %s, median of %d%n%n",
				System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
				Runtime.getRuntime().availableProcessors(), Runtime.version(), window, rounds);
		print(measure(window, rounds));
	}

	/**
	 * Measures every peer at every pace.
	 * @param window how long each measurement lasts
	 * @param rounds how many measurements of each, of which the median counts
	 * @return the rows, one per pace
	 */
	static List<Row> measure(Duration window, int rounds) throws Exception {
		List<Row> rows = new ArrayList<>();
		for (Duration interval : INTERVALS) {
			Map<String, Reading> readings = new LinkedHashMap<>();
			for (Peer peer : Peer.values()) {
				List<Reading> samples = new ArrayList<>();
				for (int round = 0; round < rounds; round++) {
					samples.add(peer.measure(interval, window));
				}
				samples.sort((a, b) -> Double.compare(a.cpuPerSecond(), b.cpuPerSecond()));
				readings.put(peer.label, samples.get(samples.size() / 2));
			}
			rows.add(new Row(interval, readings));
		}
		return rows;
	}

	static void print(List<Row> rows) {
		System.out.println("CPU-seconds per wall-second of the whole process; extra: beyond the direct call's "
				+ "pacing, also in microseconds of CPU per call");
		System.out.println();
		System.out.println("| one call every | calls/s | direct (baseline) | tpool | ThreadPoolExecutor(20) "
				+ "| ForkJoinPool(20) | tpool extra | ThreadPoolExecutor extra | ForkJoinPool extra "
				+ "| tpool extra / TPE extra |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (Row row : rows) {
			System.out.printf(Locale.ROOT,
					"| %s | %.0f | %.4f | %.4f | %.4f | %.4f | %.4f (%.1f us) | %.4f (%.1f us) | %.4f (%.1f us) "
							+ "| **%s** |%n",
					format(row.interval()), row.readings().get("tpool").callsPerSecond(),
					row.readings().get("direct").cpuPerSecond(), row.readings().get("tpool").cpuPerSecond(),
					row.readings().get("ThreadPoolExecutor").cpuPerSecond(),
					row.readings().get("ForkJoinPool").cpuPerSecond(), row.extra("tpool"), row.extraPerCall("tpool"),
					row.extra("ThreadPoolExecutor"), row.extraPerCall("ThreadPoolExecutor"), row.extra("ForkJoinPool"),
					row.extraPerCall("ForkJoinPool"), ratio(row.ratio()));
		}
	}

	/** A ratio, or why there is none: the ThreadPoolExecutor cost nothing measurable. */
	private static String ratio(double ratio) {
		return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2fx", ratio) : "none: TPE extra 0";
	}

	private static String format(Duration interval) {
		return (interval.toMillis() > 0) ? interval.toMillis() + " ms" : interval.toNanos() / 1000 + " us";
	}

	/**
	 * The readings at one pace.
	 *
	 * @param interval the pace
	 * @param readings by peer
	 */
	record Row(Duration interval, Map<String, Reading> readings) {

		/** CPU-seconds per second that a peer costs beyond the direct call's pacing. */
		double extra(String peer) {
			return Math.max(0, this.readings.get(peer).cpuPerSecond() - this.readings.get("direct").cpuPerSecond());
		}

		/**
		 * Microseconds of CPU per call that a peer costs beyond the direct call's pacing.
		 */
		double extraPerCall(String peer) {
			return extra(peer) * 1e6 / this.readings.get(peer).callsPerSecond();
		}

		/**
		 * tpool's extra CPU against the ThreadPoolExecutor's; at most 1.5 is the goal.
		 */
		double ratio() {
			double tpool = extra("tpool");
			double threadPoolExecutor = extra("ThreadPoolExecutor");
			return (threadPoolExecutor > 0 || tpool > 0) ? tpool / threadPoolExecutor : 0;
		}

	}

	/**
	 * One measurement.
	 *
	 * @param cpuPerSecond the process's CPU-seconds per wall-clock second
	 * @param callsPerSecond the calls made per second
	 */
	record Reading(double cpuPerSecond, double callsPerSecond) {

	}

	private enum Peer {

		DIRECT("direct") {
			@Override
			PeerCall open() {
				return new PeerCall(() -> 1, () -> {
				});
			}
		},

		TPOOL("tpool") {
			@Override
			PeerCall open() {
				Tpool pool = Tpool.builder().name("cpu").size(Peers.THREADS).build();
				return new PeerCall(() -> pool.execute(() -> 1), pool::close);
			}
		},

		THREAD_POOL_EXECUTOR("ThreadPoolExecutor") {
			@Override
			PeerCall open() {
				ThreadPoolExecutor pool = new ThreadPoolExecutor(Peers.THREADS, Peers.THREADS, 0, TimeUnit.MILLISECONDS,
						new LinkedBlockingQueue<>());
				pool.prestartAllCoreThreads();
				return new PeerCall(() -> pool.submit(() -> 1).get(), PeerCall.shutdownOf(pool));
			}
		},

		FORK_JOIN_POOL("ForkJoinPool") {
			@Override
			PeerCall open() {
				ForkJoinPool pool = new ForkJoinPool(Peers.THREADS);
				return new PeerCall(() -> pool.submit(() -> 1).get(), PeerCall.shutdownOf(pool));
			}
		};

		final String label;

		Peer(String label) {
			this.label = label;
		}

		abstract PeerCall open();

		Reading measure(Duration interval, Duration window) throws Exception {
			PeerCall call = open();
			try {
				// Compile the call's path first: at 100 calls/s the window alone would
				// not.
				Thread warmUp = Thread.ofVirtual().start(() -> {
					for (int i = 0; i < 20_000; i++) {
						call.callOnce();
					}
				});
				warmUp.join();
				AtomicBoolean running = new AtomicBoolean(true);
				AtomicLong calls = new AtomicLong();
				Thread caller = Thread.ofVirtual().start(() -> {
					long next = System.nanoTime();
					while (running.get()) {
						call.callOnce();
						calls.incrementAndGet();
						next += interval.toNanos();
						long wait = next - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
						else {
							// Behind: keep the pace, do not catch up in a burst.
							next = System.nanoTime();
						}
					}
				});
				// Let the pace settle (and idle workers adapt their spinning), then
				// measure.
				Thread.sleep(Math.min(1_000, window.toMillis() / 2));
				ProcessCpu cpuTime = ProcessCpu.start();
				long callsBefore = calls.get();
				long start = System.nanoTime();
				Thread.sleep(window.toMillis());
				long elapsed = System.nanoTime() - start;
				long cpu = cpuTime.elapsedNanos();
				long made = calls.get() - callsBefore;
				running.set(false);
				caller.join();
				return new Reading((double) cpu / elapsed, made * 1e9 / elapsed);
			}
			finally {
				call.close().run();
			}
		}

	}

}
