package io.tpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * One hand-off to the pool: the task, its outcome and the light completion that its
 * caller waits on. Lighter than a {@code FutureTask}: the caller spins briefly, then
 * parks until the worker publishes the outcome.
 *
 * @param <T> the type of the task's value
 * @author tpool
 */
class Job<T> implements Runnable {

	static final int NEW = 0;

	static final int RUNNING = 1;

	static final int DONE = 2;

	/** Cancelled before it started: it never runs. */
	static final int CANCELLED = 3;

	/** Its caller gave up while it ran: the runner is being interrupted. */
	static final int INTERRUPTING = 4;

	/** Its caller gave up while it ran and the runner has been interrupted. */
	static final int INTERRUPTED = 5;

	/**
	 * How long a caller whose job went straight to an idle worker checks for the outcome
	 * before it parks: a round trip of a short task completes within it, which saves both
	 * a park and an unpark. A caller whose job has to queue parks at once.
	 */
	private static final long SPIN_NANOS = 10_000;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(Job.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Task<T, ?> task;

	/** What the worker runs: this job, or this job as the pool's decorator wrapped it. */
	Runnable body = this;

	/** When the job was handed off, for the queue-wait timing. */
	long handedOffAt;

	/** Whether a worker was idle at the hand-off: its caller may expect it soon. */
	boolean idleWorker;

	/** The caller's state to carry to the pool thread, if any. */
	ContextCarrier.@Nullable Context context;

	private volatile int state;

	private volatile @Nullable Thread waiter;

	private @Nullable Thread runner;

	private boolean ran;

	private @Nullable T value;

	private @Nullable Throwable failure;

	Job(Task<T, ?> task) {
		this.task = task;
	}

	/**
	 * Called by a worker that took this job: claims it unless it was cancelled.
	 * @param worker the worker
	 * @return whether the worker should run it
	 */
	final boolean start(Thread worker) {
		this.runner = worker;
		return STATE.compareAndSet(this, NEW, RUNNING);
	}

	/** Runs the task itself; the decorator, when there is one, calls this. */
	@Override
	public final void run() {
		this.ran = true;
		ContextCarrier.Context context = this.context;
		try {
			if (context != null) {
				context.attach();
			}
			this.value = this.task.call();
		}
		catch (Throwable ex) {
			this.failure = ex;
		}
		finally {
			if (context != null) {
				detach(context);
			}
		}
	}

	private void detach(ContextCarrier.Context context) {
		try {
			context.detach();
		}
		catch (Throwable ex) {
			if (this.failure == null) {
				this.failure = ex;
			}
		}
	}

	/**
	 * Called by the worker after {@link #body} returned or threw.
	 * @param thrown what the body threw around the task, or {@code null}
	 * @return whether the task failed
	 */
	final boolean settle(@Nullable Throwable thrown) {
		if (!this.ran) {
			// A decorator that threw or that did not call the task: its caller must
			// not wait for ever.
			this.failure = (thrown != null) ? thrown
					: new IllegalStateException("The task decorator did not run the task");
		}
		else if (thrown != null && this.failure == null) {
			this.failure = thrown;
		}
		return this.failure != null;
	}

	/**
	 * Called by the worker once the statistics are updated: publishes the outcome and
	 * releases the caller.
	 */
	final void finish() {
		if (STATE.compareAndSet(this, RUNNING, DONE)) {
			Thread waiter = this.waiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
			done();
			return;
		}
		// The caller gave up and interrupts this thread: wait until it has, then
		// clear the interrupt so that it cannot hit the next task.
		while (this.state == INTERRUPTING) {
			Thread.onSpinWait();
		}
		Thread.interrupted();
	}

	/**
	 * Cancels the job for a pool that is closing: a job that has not started never will,
	 * and its caller gets a {@link CancellationException}.
	 * @return whether the job was cancelled by this call
	 */
	final boolean cancelUnstarted() {
		if (STATE.compareAndSet(this, NEW, CANCELLED)) {
			Thread waiter = this.waiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
			done();
			return true;
		}
		return false;
	}

	/**
	 * Called by the caller that gives up on the job: a job that has not started never
	 * will, and a running one is interrupted when asked.
	 * @param interruptIfRunning whether to interrupt a running task
	 * @return {@link #NEW} when this call stopped the job before it started,
	 * {@link #INTERRUPTING} when this call interrupted it, else the state found
	 */
	final int abandon(boolean interruptIfRunning) {
		if (STATE.compareAndSet(this, NEW, CANCELLED)) {
			return NEW;
		}
		if (interruptIfRunning && STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
			try {
				Thread runner = this.runner;
				if (runner != null) {
					runner.interrupt();
				}
			}
			finally {
				this.state = INTERRUPTED;
			}
			return INTERRUPTING;
		}
		return this.state;
	}

	/**
	 * Hook for a job whose outcome completes a future; runs on the thread that completed
	 * or cancelled the job.
	 */
	void done() {
	}

	/**
	 * Waits for the outcome.
	 * @param pool the pool, for messages and bookkeeping
	 * @return the task's value
	 * @throws Throwable the task's own failure, or a {@link CancellationException}
	 */
	final @Nullable T await(Tpool pool) throws Throwable {
		int state = this.state;
		if (state != DONE) {
			state = awaitSettled(pool);
		}
		if (state == DONE) {
			ContextCarrier.Context context = this.context;
			if (context != null && this.ran) {
				context.rejoin();
			}
			Throwable failure = this.failure;
			if (failure != null) {
				throw failure;
			}
			return this.value;
		}
		throw new CancellationException(pool.describe() + " was closed before the task started");
	}

	private int awaitSettled(Tpool pool) {
		if (this.idleWorker) {
			long deadline = System.nanoTime() + SPIN_NANOS;
			for (int i = 1;; i++) {
				Thread.onSpinWait();
				int state = this.state;
				if (state == DONE || state == CANCELLED) {
					return state;
				}
				if ((i & 0xf) == 0 && System.nanoTime() - deadline > 0) {
					break;
				}
			}
		}
		Thread current = Thread.currentThread();
		this.waiter = current;
		for (;;) {
			int state = this.state;
			if (state == DONE || state == CANCELLED) {
				return state;
			}
			if (current.isInterrupted()) {
				int outcome = abandon(true);
				if (outcome == DONE || outcome == CANCELLED) {
					return outcome;
				}
				if (outcome == NEW) {
					pool.ended();
				}
				throw new CancellationException("Interrupted while waiting for " + pool.describe() + "; the task "
						+ ((outcome == NEW) ? "never started" : "was interrupted"));
			}
			LockSupport.park(this);
		}
	}

	/**
	 * The value of a settled job, for a future.
	 * @return the value
	 */
	final @Nullable T value() {
		return this.value;
	}

	/**
	 * The failure of a settled job, for a future.
	 * @return the failure or {@code null}
	 */
	final @Nullable Throwable failure() {
		return this.failure;
	}

	final int state() {
		return this.state;
	}

}
