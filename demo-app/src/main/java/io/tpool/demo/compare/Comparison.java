package io.tpool.demo.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.tpool.demo.nativecall.NativeClient;
import org.jspecify.annotations.Nullable;

/**
 * Runs the same load of concurrent native calls from virtual threads twice, with the
 * direct client and with the offloaded one, and measures the calls per second and how
 * long a fresh virtual thread waits to start while the load runs.
 * <p>
 * Must be called from a platform thread: it starts the probe threads while the load holds
 * the carriers.
 *
 * @author tpool
 */
public final class Comparison {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);

	private final NativeClient direct;

	private final NativeClient offloaded;

	private final int calls;

	private final int millis;

	/**
	 * Create a comparison.
	 * @param direct the client that calls on its caller's thread
	 * @param offloaded the client whose calls run on the pool
	 * @param calls the concurrent calls of each run
	 * @param millis how long each call sleeps in native code
	 */
	public Comparison(NativeClient direct, NativeClient offloaded, int calls, int millis) {
		this.direct = direct;
		this.offloaded = offloaded;
		this.calls = calls;
		this.millis = millis;
	}

	/**
	 * Warms both clients up, then measures the direct run and the offloaded run.
	 * @return the direct run and the offloaded run
	 * @throws InterruptedException if interrupted while waiting for the calls
	 */
	public List<Run> run() throws InterruptedException {
		measure("warm-up", this.direct, Math.min(this.calls, 20), 1);
		measure("warm-up", this.offloaded, Math.min(this.calls, 20), 1);
		return List.of(measure("direct", this.direct, this.calls, this.millis),
				measure("offloaded", this.offloaded, this.calls, this.millis));
	}

	private Run measure(String mode, NativeClient client, int calls, int millis) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(calls);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		Thread.Builder load = Thread.ofVirtual().name(mode + "-", 1);
		for (int i = 0; i < calls; i++) {
			load.start(() -> {
				try {
					client.sleep(millis);
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
