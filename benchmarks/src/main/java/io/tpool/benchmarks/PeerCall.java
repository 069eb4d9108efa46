package io.tpool.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A trivial call through one peer, and how to close that peer, for the plain harnesses
 * ({@link CpuHarness}, {@link CarrierShare}).
 *
 * @param body the call
 * @param close closes the peer
 * @since 0.2.0
 */
record PeerCall(Callable<?> body, Runnable close) {

	/**
	 * Makes the call once; a failure ends the harness, whose figures would be wrong.
	 */
	void callOnce() {
		try {
			this.body.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Closes an executor: lets its work end within ten seconds.
	 * @param pool the executor
	 * @return the closing
	 */
	static Runnable shutdownOf(ExecutorService pool) {
		return () -> {
			pool.shutdown();
			try {
				pool.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

}
