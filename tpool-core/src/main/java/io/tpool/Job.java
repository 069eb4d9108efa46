package io.tpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * One hand-off to the pool: the task, its state and outcome, and the light completion
 * that its caller waits on. Lighter than a {@code FutureTask}: the caller spins briefly
 * when a worker is about to take the job, then parks until the worker publishes the
 * outcome.
 * <p>
 * A job knows nothing of the pool: it reports how it ended and the pool does the
 * bookkeeping. Its state moves once from {@link #NEW}, either to {@link #RUNNING} (a
 * worker took it) and then to {@link #RAN}, or to one of the states of a job that never
 * runs: {@link #CLOSED}, {@link #SHED} or {@link #ABANDONED}.
 *
 * @param <T> the type of the task's value
 */
final class Job<T extends @Nullable Object> implements Runnable {

	/** Waiting in the queue. */
	static final int NEW = 0;

	/** A worker runs it. */
	static final int RUNNING = 1;

	/** It ran to an end; {@link #value()} or {@link #failure()} hold the outcome. */
	static final int RAN = 2;

	/** Its caller gave up while it ran and is interrupting the runner. */
	static final int INTERRUPTING = 3;

	/** Its caller gave up while it ran and the runner has been interrupted. */
	static final int INTERRUPTED = 4;

	/** The pool closed before it started: it never runs. */
	static final int CLOSED = 5;

	/**
	 * A worker found that it waited longer than the pool lets a task wait: it never runs.
	 */
	static final int SHED = 6;

	/**
	 * Its caller gave up (interrupt, cancel, deadline, start deadline) before it started:
	 * it never runs, but it is still in the queue until a worker or a purge removes it.
	 */
	static final int ABANDONED = 7;

	/**
	 * How many times a worker looks for its caller to finish interrupting it before it
	 * yields its core between looks.
	 */
	private static final int INTERRUPTING_SPINS = 1_000;

	private static final VarHandle STATE;

	private static final VarHandle REMOVED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(Job.class, "state", int.class);
			REMOVED = lookup.findVarHandle(Job.class, "removed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Task<T, ?> task;

	/** What the worker runs: this job, or this job as the pool's decorator wrapped it. */
	private final Runnable body;

	private final ContextCarrier.@Nullable Context context;

	/**
	 * The future of a {@code submit}, completed by the worker; {@code null} for a caller
	 * that waits.
	 */
	private final @Nullable CompletableFuture<T> future;

	/**
	 * When the job was handed off, for its deadlines and the queue wait that listeners
	 * are told of; 0 where nothing needed it, so that a plain call reads no clock.
	 */
	final long handedOffAt;

	private volatile int state;

	/** Whether an abandoned job's removal from the queue has been accounted for. */
	@SuppressWarnings("unused")
	private volatile boolean removed;

	private volatile @Nullable Thread waiter;

	private volatile @Nullable Thread runner;

	private boolean ran;

	private @Nullable T value;

	private @Nullable Throwable failure;

	/**
	 * Prepares a job on the caller's thread, before it takes a place in the pool: a
	 * decorator that throws or returns {@code null} fails here, and nothing has changed.
	 * @param task the task
	 * @param context the caller's carried context, if any
	 * @param decorator the pool's task decorator, if any
	 * @param future the future of a {@code submit}, {@code null} for a caller that waits
	 * @param timed whether a deadline or a listener needs the time of the hand-off
	 */
	Job(Task<T, ?> task, ContextCarrier.@Nullable Context context, @Nullable UnaryOperator<Runnable> decorator,
			@Nullable CompletableFuture<T> future, boolean timed) {
		this.task = task;
		this.context = context;
		this.future = future;
		this.body = (decorator != null)
				? Objects.requireNonNull(decorator.apply(this), "The task decorator returned null") : this;
		this.handedOffAt = timed ? Nanos.nonZero(System.nanoTime()) : 0;
	}

	/**
	 * Called by a worker that took this job: claims it unless it will never run.
	 * @param worker the worker
	 * @return whether the worker should {@linkplain #runBody() run} it
	 */
	boolean start(Thread worker) {
		this.runner = worker;
		return STATE.compareAndSet(this, NEW, RUNNING);
	}

	/**
	 * Runs the body: the task, as the decorator wrapped it. Called by the worker that
	 * {@linkplain #start started} the job.
	 * @return whether the task failed
	 */
	boolean runBody() {
		Throwable thrown = null;
		try {
			this.body.run();
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		if (!this.ran) {
			// A decorator that threw before it ran the task, or that did not run it: its
			// caller must not wait for ever.
			this.failure = (thrown != null) ? thrown
					: new IllegalStateException("The task decorator did not run the task");
		}
		else if (thrown != null && this.failure == null) {
			this.failure = thrown;
		}
		return this.failure != null;
	}

	/**
	 * Runs the task itself, in the caller's carried context; the decorator calls this.
	 */
	@Override
	public void run() {
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
	 * Called by the worker once the pool's bookkeeping of the run is done: publishes the
	 * outcome, releases the caller or completes the future (whose dependent stages run
	 * here), and leaves the thread without an interrupt that its caller aimed at the
	 * task.
	 */
	void finish() {
		if (STATE.compareAndSet(this, RUNNING, RAN)) {
			Thread waiter = this.waiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
			CompletableFuture<T> future = this.future;
			if (future != null) {
				if (this.failure != null) {
					future.completeExceptionally(this.failure);
				}
				else {
					future.complete(this.value);
				}
			}
			return;
		}
		// The caller gave up and interrupts this thread: wait until it has, so that the
		// worker's clearing of the flag before its next task cannot come too early. The
		// caller is inside Thread.interrupt(), which ends at once unless its thread has
		// to wait for a carrier: then this thread yields its core rather than spin on
		// one that the carriers want.
		for (int spins = 0; this.state == INTERRUPTING; spins++) {
			if (spins < INTERRUPTING_SPINS) {
				Thread.onSpinWait();
			}
			else {
				Thread.yield();
			}
		}
	}

	/**
	 * Stops the job before it starts.
	 * @param to the state it ends in: {@link #CLOSED}, {@link #SHED} or
	 * {@link #ABANDONED}
	 * @return whether it had not started, so that it never will
	 */
	boolean stopBeforeStart(int to) {
		if (STATE.compareAndSet(this, NEW, to)) {
			Thread waiter = this.waiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
			return true;
		}
		return false;
	}

	/**
	 * Interrupts the running task of a caller that gives up.
	 * @return whether it was running and has been interrupted by this call
	 */
	boolean interruptRunning() {
		if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
			try {
				Thread runner = this.runner;
				if (runner != null) {
					runner.interrupt();
				}
			}
			finally {
				this.state = INTERRUPTED;
			}
			return true;
		}
		return false;
	}

	/**
	 * Claims the accounting of an abandoned job's removal from the queue, which a worker
	 * and a purge may race for.
	 * @return whether this call claimed it
	 */
	boolean claimRemoval() {
		return this.state == ABANDONED && REMOVED.compareAndSet(this, false, true);
	}

	/**
	 * How a wait for the job ended.
	 */
	enum Wait {

		/** The task ran to an end. */
		RAN,

		/** The pool closed before it started. */
		CLOSED,

		/** A worker shed it: it had waited too long to start. */
		SHED,

		/** The caller was interrupted before the task started: it never runs. */
		INTERRUPTED_QUEUED,

		/** The caller was interrupted while the task ran: the task was interrupted. */
		INTERRUPTED_RUNNING,

		/** The start deadline passed before the task started: it never runs. */
		START_DEADLINE_QUEUED,

		/** The deadline passed before the task started: it never runs. */
		DEADLINE_QUEUED,

		/** The deadline passed while the task ran: the task was interrupted. */
		DEADLINE_RUNNING;

		/** Whether the caller abandoned the job while it still was in the queue. */
		boolean leftInQueue() {
			return this == INTERRUPTED_QUEUED || this == START_DEADLINE_QUEUED || this == DEADLINE_QUEUED;
		}

	}

	/**
	 * Waits for the outcome; called by the caller that handed the job off.
	 * @param spinNanos how long to check for the outcome before parking: worth it only
	 * when a spinning worker takes the job at once
	 * @param deadline the {@link System#nanoTime()} by which the task must have ended, or
	 * 0 for none
	 * @param startDeadline the time by which it must have started, or 0 for none
	 * @return how the wait ended
	 */
	Wait await(long spinNanos, long deadline, long startDeadline) {
		if (spinNanos > 0) {
			long spinUntil = System.nanoTime() + spinNanos;
			for (int i = 1;; i++) {
				Thread.onSpinWait();
				int state = this.state;
				if (isEnded(state)) {
					return ended(state);
				}
				if ((i & 0xf) == 0 && System.nanoTime() - spinUntil > 0) {
					break;
				}
			}
		}
		Thread current = Thread.currentThread();
		this.waiter = current;
		for (;;) {
			int state = this.state;
			if (isEnded(state)) {
				return ended(state);
			}
			if (current.isInterrupted()) {
				if (stopBeforeStart(ABANDONED)) {
					return Wait.INTERRUPTED_QUEUED;
				}
				if (interruptRunning()) {
					return Wait.INTERRUPTED_RUNNING;
				}
				continue;
			}
			if (deadline == 0 && startDeadline == 0) {
				LockSupport.park(this);
				continue;
			}
			long now = System.nanoTime();
			if (startDeadline != 0 && state == NEW && now - startDeadline >= 0) {
				if (stopBeforeStart(ABANDONED)) {
					return Wait.START_DEADLINE_QUEUED;
				}
				continue;
			}
			if (deadline != 0 && now - deadline >= 0) {
				if (stopBeforeStart(ABANDONED)) {
					return Wait.DEADLINE_QUEUED;
				}
				if (interruptRunning()) {
					return Wait.DEADLINE_RUNNING;
				}
				continue;
			}
			// The start deadline bounds the wait only while the task has not started: a
			// caller whose task runs past it waits for the end or the deadline alone.
			long until = (startDeadline != 0 && state == NEW) ? startDeadline : 0;
			if (deadline != 0 && (until == 0 || deadline - until < 0)) {
				until = deadline;
			}
			if (until == 0) {
				LockSupport.park(this);
			}
			else {
				// Positive: both deadlines that bound it were found ahead of now above.
				LockSupport.parkNanos(this, until - now);
			}
		}
	}

	/**
	 * Whether a job that its caller waits for has ended without the caller's doing: only
	 * the caller abandons or interrupts such a job.
	 */
	private static boolean isEnded(int state) {
		return state == RAN || state == CLOSED || state == SHED;
	}

	private static Wait ended(int state) {
		return switch (state) {
			case RAN -> Wait.RAN;
			case CLOSED -> Wait.CLOSED;
			default -> Wait.SHED;
		};
	}

	/**
	 * Applies on the caller's thread what the task changed in the carried context; call
	 * once the task ran.
	 */
	void rejoin() {
		ContextCarrier.Context context = this.context;
		if (context != null && this.ran) {
			context.rejoin();
		}
	}

	/**
	 * The task's value, once the job {@link #RAN} without a failure: {@code null} only
	 * where the task returned {@code null}, which {@code T} then allows.
	 * @return the task's value
	 */
	// The field is null until run() sets it, before RAN: NullAway cannot tell when.
	@SuppressWarnings("NullAway")
	T value() {
		return this.value;
	}

	@Nullable Throwable failure() {
		return this.failure;
	}

	@Nullable CompletableFuture<T> future() {
		return this.future;
	}

	int state() {
		return this.state;
	}

}
