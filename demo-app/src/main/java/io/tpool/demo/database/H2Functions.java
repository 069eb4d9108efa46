package io.tpool.demo.database;

/**
 * Java functions that {@code schema.sql} declares in H2 with {@code CREATE ALIAS}.
 *
 * @author tpool
 */
public final class H2Functions {

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
