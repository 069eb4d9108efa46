package io.tpool;

/**
 * A snapshot of a {@link Tpool}'s state and counters.
 *
 * @param size the most threads that run at once
 * @param active the tasks running on a pool thread now; above {@code size} for a while
 * after a shrink, as the tasks that ran before it end
 * @param queued the tasks waiting for a thread
 * @param completed the tasks that ran to an end on a pool thread, successful or not
 * @param failed those of the completed tasks that threw
 * @param rejected the hand-offs that were refused, and the tasks shed because they could
 * not start in time
 * @param threads the threads alive now: 0 before the first call, and again once every
 * thread stayed idle past the keep-alive
 * @param timedOut the calls whose deadline passed
 * @since 0.1.0
 */
public record TpoolStats(int size, int active, int queued, long completed, long failed, long rejected, int threads,
		long timedOut) {

	/**
	 * The share of threads that run a task now, from 0 to 1. After a shrink, the tasks
	 * that still run above the new size count it as full, not fuller.
	 * @return {@code active / size}, at most 1
	 */
	public double utilization() {
		return Math.min(1.0, (double) this.active / this.size);
	}

	/**
	 * The work on hand per thread: above 1 means that calls wait for a thread.
	 * @return {@code (active + queued) / size}
	 */
	public double saturation() {
		return (double) (this.active + this.queued) / this.size;
	}

}
