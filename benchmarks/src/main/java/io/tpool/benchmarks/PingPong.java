package io.tpool.benchmarks;

import java.util.concurrent.Callable;

/**
 * The floor of any hand-off: one platform thread spinning on a volatile slot, the caller
 * spinning on the answer, as a spinning {@code SynchronousQueue} would. Nobody parks, so
 * this is what two cores can do at best; it costs a whole core while it waits and is no
 * design for a pool.
 *
 * @since 0.1.0
 */
final class PingPong implements AutoCloseable {

	private static final Callable<?> STOP = () -> null;

	private volatile Callable<?> request;

	private volatile Object response;

	private final Thread echo;

	PingPong() {
		this.echo = Thread.ofPlatform().daemon().name("ping-pong").start(this::serve);
	}

	private void serve() {
		for (;;) {
			Callable<?> request;
			while ((request = this.request) == null) {
				Thread.onSpinWait();
			}
			if (request == STOP) {
				return;
			}
			this.request = null;
			try {
				this.response = request.call();
			}
			catch (Exception ex) {
				this.response = ex;
			}
		}
	}

	@SuppressWarnings("unchecked")
	<T> T call(Callable<T> task) {
		this.request = task;
		Object response;
		while ((response = this.response) == null) {
			Thread.onSpinWait();
		}
		this.response = null;
		return (T) response;
	}

	@Override
	public void close() throws InterruptedException {
		this.request = STOP;
		this.echo.join();
	}

}
