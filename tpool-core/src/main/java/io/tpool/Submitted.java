package io.tpool;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The future of a {@link Tpool#submit}. Cancelling it stops its job: a queued task never
 * runs, and {@code cancel(true)} interrupts a running one. Its dependent stages are plain
 * futures. It tells its pool what happened to the job, and the pool keeps the counts.
 */
final class Submitted<T extends @Nullable Object> extends CompletableFuture<T> {

	private final Pool pool;

	@Nullable Job<T> job;

	private volatile @Nullable ScheduledFuture<?> deadlineCheck;

	Submitted(Pool pool) {
		this.pool = pool;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		Job<T> job = this.job;
		if (cancelled && job != null) {
			if (job.stopBeforeStart(Job.ABANDONED)) {
				this.pool.abandoned();
			}
			else if (mayInterruptIfRunning) {
				job.interruptRunning();
			}
			cancelDeadline();
		}
		return cancelled;
	}

	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		return new CompletableFuture<>();
	}

	void scheduleDeadline(long deadline, long startDeadline) {
		long first = (deadline == 0) ? startDeadline
				: (startDeadline == 0) ? deadline : Math.min(deadline, startDeadline);
		this.deadlineCheck = Deadlines.TIMER.schedule(() -> checkDeadline(deadline, startDeadline),
				first - System.nanoTime(), TimeUnit.NANOSECONDS);
		if (isDone()) {
			cancelDeadline();
		}
	}

	private void checkDeadline(long deadline, long startDeadline) {
		Job<T> job = Objects.requireNonNull(this.job);
		long now = System.nanoTime();
		if (startDeadline != 0 && now - startDeadline >= 0 && job.stopBeforeStart(Job.ABANDONED)) {
			this.pool.abandoned();
			failElsewhere(this.pool.shed());
			return;
		}
		if (deadline == 0 || isDone()) {
			return;
		}
		if (now - deadline < 0) {
			this.deadlineCheck = Deadlines.TIMER.schedule(() -> checkDeadline(deadline, 0), deadline - now,
					TimeUnit.NANOSECONDS);
			return;
		}
		boolean queued = job.stopBeforeStart(Job.ABANDONED);
		if (queued) {
			this.pool.abandoned();
		}
		if (queued || job.interruptRunning()) {
			failElsewhere(this.pool.timedOut(!queued));
		}
	}

	/**
	 * Fails the future on a virtual thread of its own: its dependent stages run on the
	 * thread that completes it, and must never hold up the timer that the deadlines of
	 * every pool share.
	 */
	private void failElsewhere(RuntimeException ex) {
		Thread.ofVirtual().name("deadline of tpool '" + this.pool.name() + "'").start(() -> completeExceptionally(ex));
	}

	void cancelDeadline() {
		ScheduledFuture<?> deadlineCheck = this.deadlineCheck;
		if (deadlineCheck != null) {
			deadlineCheck.cancel(false);
		}
	}

	/** What a future tells the pool that runs its job. */
	interface Pool {

		/** The pool's name, for the thread that fails a future. */
		String name();

		/** The caller gave up on a job that is still in the queue. */
		void abandoned();

		/**
		 * A job did not start within the maximum queue wait: counted as rejected.
		 * @return what the future fails with
		 */
		RuntimeException shed();

		/**
		 * The pool's timeout passed: counted as timed out.
		 * @param started whether the task had started, and was interrupted
		 * @return what the future fails with
		 */
		RuntimeException timedOut(boolean started);

	}

}
