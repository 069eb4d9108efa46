package io.tpool;

import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;

/**
 * The deadline of a call passed: a task that had not started never runs, a running one
 * was interrupted. The message names the pool, the deadline and whether the task had
 * started.
 *
 * @since 0.2.0
 * @see Tpool.Builder#timeout(java.time.Duration)
 * @see Tpool#execute(Task, java.time.Duration)
 */
public class TpoolTimeoutException extends CancellationException {

	private final @Nullable String poolName;

	/**
	 * Create an exception whose pool is not known.
	 * @param message what passed, for which pool and task
	 */
	public TpoolTimeoutException(String message) {
		this(null, message);
	}

	/**
	 * Create an exception.
	 * @param poolName the name of the pool whose call timed out, {@code null} if not
	 * known
	 * @param message what passed, for which pool and task
	 * @since 0.3.0
	 */
	public TpoolTimeoutException(@Nullable String poolName, String message) {
		super(message);
		this.poolName = poolName;
	}

	/**
	 * The {@linkplain Tpool#name() name} of the pool whose call timed out.
	 * @return the pool's name, {@code null} if the exception was made without one
	 * @since 0.3.0
	 */
	public @Nullable String getPoolName() {
		return this.poolName;
	}

}
