package io.tpool.testsupport;

/**
 * Java functions for H2's {@code CREATE ALIAS}.
 *
 * @since 0.1.0
 */
public final class H2Functions {

	/** The statement that makes {@code THREAD_NAME()} available. */
	public static final String CREATE_THREAD_NAME = "CREATE ALIAS IF NOT EXISTS THREAD_NAME FOR \""
			+ H2Functions.class.getName() + ".threadName\"";

	private H2Functions() {
	}

	/**
	 * {@code THREAD_NAME()}: the thread that runs the SQL statement.
	 * @return the current thread's name
	 */
	public static String threadName() {
		return Thread.currentThread().getName();
	}

}
