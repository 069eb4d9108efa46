package io.tpool;

import org.jspecify.annotations.Nullable;

/**
 * A call that returns a value and may throw {@code X}, run by
 * {@link Tpool#execute(Task)}.
 *
 * @param <T> the type of the value
 * @param <X> the type of what the call may throw; inferred, so that
 * {@code pool.execute(legacy::query)} throws exactly what {@code query} declares
 * @since 0.1.0
 */
@FunctionalInterface
public interface Task<T extends @Nullable Object, X extends Throwable> {

	/**
	 * Compute the value.
	 * @return the value
	 * @throws X the call's own failure
	 */
	T call() throws X;

}
