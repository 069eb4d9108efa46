package io.tpool;

import org.jspecify.annotations.Nullable;

/**
 * Carries a caller's thread-bound state to the pool thread that runs its task and, for a
 * caller that waits, back again. A blocking call ({@code execute}, a proxy) is one
 * logical thread with its caller, which waits meanwhile: the Spring integration carries
 * transactions, the MDC and the request context this way. Set with
 * {@link Tpool.Builder#contextCarrier(ContextCarrier)}.
 * <p>
 * Unlike the {@linkplain Tpool.Builder#taskDecorator task decorator}, which decorates
 * every task alike, a carrier knows whether its caller waits, and it gets the last word
 * on the caller's thread once the task has ended.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ContextCarrier {

	/**
	 * Captures the caller's state. Called on the caller's thread at each hand-off to the
	 * pool (not for calls that run inline on a pool thread).
	 * @param callerWaits {@code true} when the caller blocks until the task ends
	 * ({@code execute}, proxies), {@code false} when it does not ({@code submit})
	 * @return what to carry, or {@code null} when there is nothing to carry, which costs
	 * nothing further
	 */
	@Nullable Context capture(boolean callerWaits);

	/**
	 * The state captured for one task.
	 */
	interface Context {

		/**
		 * Installs the captured state on the pool thread, right before the task. If it
		 * throws, the task does not run and the caller gets the exception;
		 * {@link #detach()} is called all the same.
		 */
		void attach();

		/**
		 * Removes from the pool thread everything that {@link #attach()} and the task
		 * left there, right after the task, whether it returned or threw. If it throws,
		 * the caller gets the exception (the task's own failure wins over it).
		 */
		void detach();

		/**
		 * Applies on the caller's thread what the task changed, once it has ended (by
		 * returning or throwing) and before the caller gets its outcome. Called for a
		 * caller that waits, and only when the task ran; never for {@code submit}.
		 */
		default void rejoin() {
		}

	}

}
