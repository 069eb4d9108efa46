package io.tpool;

import java.util.concurrent.CancellationException;

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

	/**
	 * Create an exception.
	 * @param message what passed, for which pool and task
	 */
	public TpoolTimeoutException(String message) {
		super(message);
	}

}
