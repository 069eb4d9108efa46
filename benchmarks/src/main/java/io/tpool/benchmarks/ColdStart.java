package io.tpool.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import io.tpool.Tpool;

/**
 * The cost of elastic threads: the first call after the pool's threads ended (idle past
 * the keep-alive), which must start a thread, against a call that finds one; and that an
 * idle pool holds no thread once the keep-alive has passed. A plain main, run with
 * {@code -Djdk.virtualThreadScheduler.parallelism=2}.
 *
 * @since 0.2.0
 */
public final class ColdStart {

	private static final Duration KEEP_ALIVE = Duration.ofMillis(20);

	private static final int CALLS = 500;

	private ColdStart() {
	}

	public static void main(String[] args) throws Exception {
		try (Tpool pool = Tpool.builder().name("cold").size(Peers.THREADS).keepAlive(KEEP_ALIVE).build()) {
			long[] cold = new long[CALLS];
			long[] warm = new long[CALLS];
			int[] threadsBefore = new int[CALLS];
			Thread caller = Thread.ofVirtual().start(() -> {
				for (int i = 0; i < CALLS + 50; i++) {
					try {
						// Idle past the keep-alive: the thread ends.
						Thread.sleep(KEEP_ALIVE.multipliedBy(4));
					}
					catch (InterruptedException ex) {
						return;
					}
					int threads = pool.stats().threads();
					long start = System.nanoTime();
					pool.execute(() -> 1);
					long coldCall = System.nanoTime() - start;
					start = System.nanoTime();
					pool.execute(() -> 1);
					long warmCall = System.nanoTime() - start;
					// The first 50 rounds warm the code up.
					if (i >= 50) {
						cold[i - 50] = coldCall;
						warm[i - 50] = warmCall;
						threadsBefore[i - 50] = threads;
					}
				}
			});
			caller.join();
			Arrays.sort(cold);
			Arrays.sort(warm);
			System.out.printf(Locale.ROOT, "keep-alive %s, %d rounds; threads alive before the cold call: max %d%n",
					KEEP_ALIVE, CALLS, Arrays.stream(threadsBefore).max().orElse(-1));
			System.out.println();
			System.out.println("| call | p50 (us) | p90 (us) | p99 (us) |");
			System.out.println("|---|---:|---:|---:|");
			print("first after idle: starts a thread", cold);
			print("next: finds a thread", warm);
		}
	}

	private static void print(String label, long[] sorted) {
		System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", label, percentile(sorted, 0.5),
				percentile(sorted, 0.9), percentile(sorted, 0.99));
	}

	private static double percentile(long[] sorted, double p) {
		return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1000.0;
	}

}
