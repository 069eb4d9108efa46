package io.tpool.demo.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Runs the same load of concurrent calls from virtual threads once for each way of making
 * the call (directly, offloaded), and measures the calls per second and how long a fresh
 * virtual thread waits to start while the load runs.
 * <p>
 * Must be called from a platform thread: it starts the probe threads while the load holds
 * the carriers.
 */
public final class Comparison {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);

	private static final int WARM_UP_CALLS = 20;

	private final int calls;

	private final List<Mode> modes;

	/**
	 * Create a comparison.
	 * @param calls the concurrent calls of each run
	 * @param modes the ways of making the call, in the order to run them
	 * @since 0.2.0
	 */
	public Comparison(int calls, List<Mode> modes) {
		this.calls = calls;
		this.modes = List.copyOf(modes);
	}

	/**
	 * Warms every mode up, then measures a run of each.
	 * @return a run for each mode, in their order
	 * @throws InterruptedException if interrupted while waiting for the calls
	 */
	public List<Run> run() throws InterruptedException {
		for (Mode mode : this.modes) {
			measure("warm-up", mode.call(), Math.min(this.calls, WARM_UP_CALLS));
		}
		List<Run> runs = new ArrayList<>();
		for (Mode mode : this.modes) {
			runs.add(measure(mode.name(), mode.call(), this.calls));
		}
		return List.copyOf(runs);
	}

	private Run measure(String mode, Runnable call, int calls) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(calls);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		Thread.Builder load = Thread.ofVirtual().name(mode + "-", 1);
		for (int i = 0; i < calls; i++) {
			load.start(() -> {
				try {
					call.run();
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
				finally {
					done.countDown();
				}
			});
		}
		ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();
		List<Thread> probes = new ArrayList<>();
		Thread.Builder probe = Thread.ofVirtual().name(mode + "-probe-", 1);
		while (!done.await(PROBE_INTERVAL.toNanos(), TimeUnit.NANOSECONDS)) {
			long started = System.nanoTime();
			probes.add(probe.start(() -> waits.add(System.nanoTime() - started)));
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		for (Thread thread : probes) {
			thread.join();
		}
		Throwable ex = failure.get();
		if (ex != null) {
			throw new IllegalStateException("A " + mode + " call failed", ex);
		}
		List<Long> sorted = new ArrayList<>(waits);
		Collections.sort(sorted);
		return new Run(mode, calls, elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.size());
	}

	private static Duration percentile(List<Long> sorted, double quantile) {
		if (sorted.isEmpty()) {
			return Duration.ZERO;
		}
		int index = (int) Math.ceil(quantile * sorted.size()) - 1;
		return Duration.ofNanos(sorted.get(Math.max(index, 0)));
	}

	/**
	 * One way of making the call.
	 *
	 * @param name what the table calls it: direct, offloaded
	 * @param call the call, made once by each virtual thread of a run
	 * @since 0.2.0
	 */
	public record Mode(String name, Runnable call) {

	}

	/**
	 * One measured run.
	 *
	 * @param mode direct or offloaded
	 * @param calls the concurrent calls
	 * @param elapsed from the first call's start to the last one's end
	 * @param startP50 the median wait of a fresh virtual thread while the calls ran
	 * @param startP99 the 99th percentile of that wait
	 * @param probes how many fresh virtual threads were measured
	 */
	public record Run(String mode, int calls, Duration elapsed, Duration startP50, Duration startP99, int probes) {

		/**
		 * The calls completed per second.
		 * @return calls per second
		 */
		public double callsPerSecond() {
			return this.calls / (this.elapsed.toNanos() / 1e9);
		}

	}

}
