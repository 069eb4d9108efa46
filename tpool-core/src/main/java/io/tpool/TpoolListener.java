package io.tpool;

/**
 * Told of every task that ends on a pool thread, for timers: how long it waited for a
 * thread and how long it ran. Added with {@link Tpool#addListener(TpoolListener)}.
 * <p>
 * Called on the pool thread once the task's caller has its outcome, so that the recording
 * is not part of the caller's wait; it must be quick and must not block. What it throws
 * goes to the thread's uncaught-exception handler and changes nothing else.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface TpoolListener {

	/**
	 * A task ended on a pool thread, by returning or throwing.
	 * @param queueWaitNanos the time from its hand-off to its start, in nanoseconds
	 * @param runNanos its time on the pool thread, in nanoseconds
	 * @param failed whether it threw
	 */
	void taskEnded(long queueWaitNanos, long runNanos, boolean failed);

}
