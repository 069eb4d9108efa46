package io.tpool.autoconfigure.context;

import io.tpool.ContextCarrier;
import org.jspecify.annotations.Nullable;

/**
 * Carries one kind of thread-bound state, such as the transaction or the MDC; the
 * {@link CallerContextCarrier} combines them into the pool's {@link ContextCarrier}.
 */
abstract class ThreadStateCarrier {

	/**
	 * Captures the caller's state of this kind, as {@link ContextCarrier#capture} does.
	 * @param callerWaits whether the caller blocks until the task ends
	 * @return what to carry, or {@code null} when the caller has nothing of this kind
	 */
	abstract ContextCarrier.@Nullable Context capture(boolean callerWaits);

	/**
	 * Removes from the current pool thread what a task left there of this kind of state
	 * although its caller had none to carry, so that the next task on the thread does not
	 * see it. Called right after such a task; cheap when there is nothing to remove.
	 */
	abstract void clear();

}
