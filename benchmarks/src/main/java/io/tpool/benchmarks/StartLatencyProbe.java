package io.tpool.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a fresh virtual thread every millisecond from a platform thread and records how
 * long each waits before it runs: what a new request on a virtual-thread server would
 * wait while the load runs.
 *
 * @since 0.1.0
 */
final class StartLatencyProbe implements AutoCloseable {

	private static final long PERIOD_NANOS = 1_000_000;

	private final long[] latencies = new long[1 << 16];

	private final List<Thread> probes = new ArrayList<>();

	private final Thread prober;

	private volatile boolean stopped;

	private int count;

	StartLatencyProbe() {
		this.prober = Thread.ofPlatform().name("start-latency-probe").daemon().start(this::probe);
	}

	private void probe() {
		while (!this.stopped && this.count < this.latencies.length) {
			int index = this.count++;
			long started = System.nanoTime();
			this.probes.add(Thread.ofVirtual().start(() -> this.latencies[index] = System.nanoTime() - started));
			LockSupport.parkNanos(PERIOD_NANOS);
		}
	}

	/**
	 * Stops probing and waits for every probe to have run.
	 */
	@Override
	public void close() throws InterruptedException {
		this.stopped = true;
		this.prober.join();
		for (Thread probe : this.probes) {
			probe.join();
		}
	}

	/**
	 * The latencies in order, after {@link #close()}.
	 * @return the sorted latencies in nanoseconds
	 */
	long[] sorted() {
		long[] sorted = Arrays.copyOf(this.latencies, this.count);
		Arrays.sort(sorted);
		return sorted;
	}

	static double percentileMillis(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

}
