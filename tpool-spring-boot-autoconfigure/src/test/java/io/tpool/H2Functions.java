package io.tpool;

/**
 * Java functions for H2's {@code CREATE ALIAS}.
 *
 * @author tpool
 */
public final class H2Functions {

	/** The statement that makes {@code THREAD_NAME()} available. */
	public static final String CREATE_THREAD_NAME = "CREATE ALIAS IF NOT EXISTS THREAD_NAME FOR \""
			+ H2Functions.class.getName() + ".threadName\"";

	private H2Functions() {
	}

	/**
	 * The H2 alias {@code THREAD_NAME()}.
	 * @return the name of the thread that runs the SQL
	 */
	public static String threadName() {
		return Thread.currentThread().getName();
	}

}
