package io.tpool;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A job whose outcome completes a {@link CompletableFuture}, for
 * {@link Tpool#submit(Callable)}. Cancelling the future cancels the job: a queued task
 * never runs, and {@code cancel(true)} interrupts a running one.
 *
 * @param <T> the type of the task's value
 * @author tpool
 */
final class FutureJob<T> extends Job<T> {

	private final Tpool pool;

	private final Completion<T> future = new Completion<>(this);

	FutureJob(Tpool pool, Callable<T> task) {
		super(task::call);
		this.pool = pool;
	}

	CompletableFuture<T> future() {
		return this.future;
	}

	@Override
	void done() {
		if (state() == DONE) {
			Throwable failure = failure();
			if (failure != null) {
				this.future.completeExceptionally(failure);
			}
			else {
				this.future.complete(value());
			}
		}
		else {
			this.future.completeExceptionally(
					new CancellationException(this.pool.describe() + " was closed before the task started"));
		}
	}

	void cancel(boolean mayInterruptIfRunning) {
		if (abandon(mayInterruptIfRunning) == NEW) {
			this.pool.ended();
		}
	}

	/**
	 * The future handed to the caller; its dependent stages are plain futures.
	 *
	 * @param <T> the type of the value
	 */
	static final class Completion<T> extends CompletableFuture<T> {

		private final FutureJob<T> job;

		Completion(FutureJob<T> job) {
			this.job = job;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = super.cancel(mayInterruptIfRunning);
			if (cancelled) {
				this.job.cancel(mayInterruptIfRunning);
			}
			return cancelled;
		}

		@Override
		public <U> CompletableFuture<U> newIncompleteFuture() {
			return new CompletableFuture<>();
		}

	}

}
