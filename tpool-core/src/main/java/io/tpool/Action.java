package io.tpool;

/**
 * A call without a value that may throw {@code X}, run by {@link Tpool#execute(Action)}.
 *
 * @param <X> the type of what the call may throw
 * @since 0.1.0
 */
@FunctionalInterface
public interface Action<X extends Throwable> {

	/**
	 * Do the work.
	 * @throws X the call's own failure
	 */
	void run() throws X;

}
