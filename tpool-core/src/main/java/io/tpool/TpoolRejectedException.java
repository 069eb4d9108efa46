package io.tpool;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Tpool} refused a task or shed it: the pool was closed, every thread was busy
 * and the queue full, or the task could not start within the pool's maximum queue wait.
 * The task never runs. A {@link RejectedExecutionException}, so that code that catches
 * one keeps working; the message names the pool, its size and its queue capacity.
 *
 * @since 0.3.0
 * @see Tpool.Builder#queueCapacity(int)
 * @see Tpool.Builder#maxQueueWait(java.time.Duration)
 */
public class TpoolRejectedException extends RejectedExecutionException {

	private final String poolName;

	private final Reason reason;

	/**
	 * Create an exception.
	 * @param poolName the name of the pool that refused or shed the task
	 * @param reason why it did
	 * @param message what happened, naming the pool
	 */
	public TpoolRejectedException(String poolName, Reason reason, String message) {
		super(message);
		this.poolName = Objects.requireNonNull(poolName, "poolName must not be null");
		this.reason = Objects.requireNonNull(reason, "reason must not be null");
	}

	/**
	 * The {@linkplain Tpool#name() name} of the pool that refused or shed the task.
	 * @return the pool's name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Why the pool refused or shed the task.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a pool refused or shed a task.
	 */
	public enum Reason {

		/** The pool was closed. */
		CLOSED,

		/** Every thread was busy and the queue full. */
		FULL,

		/** The task could not start within the pool's maximum queue wait. */
		SHED;

		/**
		 * Whether trying again later may succeed: the pool was busy, not closed.
		 * @return whether the pool was only busy
		 */
		public boolean isTransient() {
			return this != CLOSED;
		}

	}

}
