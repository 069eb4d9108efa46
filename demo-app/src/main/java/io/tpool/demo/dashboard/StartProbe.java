package io.tpool.demo.dashboard;

import java.util.concurrent.TimeUnit;

/**
 * Measures how long a fresh virtual thread waits before it runs: the delay every new
 * request sees when the carriers are held.
 *
 * @since 0.1.0
 */
final class StartProbe {

	private static final long NONE = Long.MIN_VALUE;

	/**
	 * When the probe that has not run yet was started, else {@link #NONE}.
	 */
	private volatile long pendingSince = NONE;

	private volatile long lastNanos;

	/**
	 * Reads the latest measurement and, unless a probe still waits, starts the next one.
	 * Called from one thread only.
	 * @return the wait of the latest probe that ran, or, while a probe still waits, how
	 * long it has waited so far, in milliseconds
	 */
	double measureMillis() {
		long pending = this.pendingSince;
		long now = System.nanoTime();
		if (pending != NONE) {
			return toMillis(now - pending);
		}
		this.pendingSince = now;
		Thread.ofVirtual().name("dashboard-probe").start(() -> {
			this.lastNanos = System.nanoTime() - now;
			this.pendingSince = NONE;
		});
		return toMillis(this.lastNanos);
	}

	private static double toMillis(long nanos) {
		return (double) nanos / TimeUnit.MILLISECONDS.toNanos(1);
	}

}
