package io.tpool.watchdog;

/**
 * A source of starvation episodes that runs on the watchdog's thread until closed.
 *
 * @since 0.1.0
 */
interface StarvationDetector extends Runnable {

	/**
	 * Watches for starvation and reports it; returns once closed.
	 */
	@Override
	void run();

	/**
	 * Makes {@link #run()} return soon; callable from any thread.
	 */
	void close();

}
