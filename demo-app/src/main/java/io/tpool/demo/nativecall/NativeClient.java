package io.tpool.demo.nativecall;

import io.tpool.Tpool;
import io.tpool.testsupport.NativeSleep;

/**
 * A client of the native library, as an application would have one: the demo has it
 * twice, once as it is and once offloaded (see {@link NativeClientConfiguration}).
 *
 * @since 0.1.0
 */
public class NativeClient {

	private final Tpool pool;

	public NativeClient(Tpool pool) {
		this.pool = pool;
	}

	/**
	 * Sleeps in native code on the current thread.
	 * @param millis how long, at least 0
	 * @return the call and the thread it ran on
	 */
	public NativeCall sleep(int millis) {
		NativeSleep.sleep(millis);
		return new NativeCall(millis, Thread.currentThread().getName(), this.pool.isPoolThread());
	}

}
