package io.tpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A pool thread: a platform daemon thread that takes jobs until it stays idle past the
 * keep-alive or the pool no longer needs it. Its counters are written by itself only and
 * read by {@link Tpool#stats()}.
 */
final class Worker extends Thread {

	private static final VarHandle RUNNING;

	private static final VarHandle LONG;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			RUNNING = lookup.findVarHandle(Worker.class, "running", boolean.class);
			LONG = MethodHandles.arrayElementVarHandle(long[].class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final int COMPLETED = 0;

	private static final int FAILED = 1;

	final Owner owner;

	final int number;

	@SuppressWarnings("unused")
	private boolean running;

	private final long[] counters = new long[2];

	/** Set by the thread's last step: its counters are final. */
	volatile boolean ended;

	/** The timings of the last task, until the listeners are told of them. */
	private boolean hasSample;

	private long sampleQueueWait;

	private long sampleRun;

	private boolean sampleFailed;

	private final Runnable tellSample = this::tellSample;

	private final HandOff.Idleness idleness = new HandOff.Idleness();

	Worker(Owner owner, String name, int number) {
		super(null, null, name, 0, false);
		this.owner = owner;
		this.number = number;
		setDaemon(true);
	}

	void holdSample(long queueWaitNanos, long runNanos, boolean failed) {
		this.sampleQueueWait = queueWaitNanos;
		this.sampleRun = runNanos;
		this.sampleFailed = failed;
		this.hasSample = true;
	}

	private void tellSample() {
		this.hasSample = false;
		this.owner.tellListeners(this, this.sampleQueueWait, this.sampleRun, this.sampleFailed);
	}

	@Override
	public void run() {
		Owner owner = this.owner;
		HandOff jobs = owner.jobs();
		long keepAliveNanos = owner.keepAliveNanos();
		boolean retired = false;
		try {
			HandOff.Idleness idleness = this.idleness;
			idleness.since = Nanos.nonZero(System.nanoTime());
			for (;;) {
				int generation = jobs.generation();
				long idleSince = idleness.since;
				retired = owner.retire(idleSince != 0 && System.nanoTime() - idleSince - keepAliveNanos >= 0);
				if (retired) {
					return;
				}
				Job<?> job = jobs.take(idleness, keepAliveNanos, generation, this.hasSample ? this.tellSample : null);
				if (job != null) {
					owner.run(this, job);
					idleness.since = 0;
				}
			}
		}
		finally {
			if (this.hasSample) {
				this.tellSample.run();
			}
			owner.exited(this, retired);
			this.ended = true;
		}
	}

	void setRunning(boolean running) {
		RUNNING.setOpaque(this, running);
	}

	boolean isRunning() {
		return (boolean) RUNNING.getOpaque(this);
	}

	void countCompleted(boolean failed) {
		add(COMPLETED);
		if (failed) {
			add(FAILED);
		}
	}

	private void add(int counter) {
		LONG.setRelease(this.counters, counter, this.counters[counter] + 1);
	}

	long completed() {
		return (long) LONG.getAcquire(this.counters, COMPLETED);
	}

	long failed() {
		return (long) LONG.getAcquire(this.counters, FAILED);
	}

	/** What a worker asks of the owner of the pool's threads. */
	interface Owner {

		/** The queue that the worker takes its jobs from. */
		HandOff jobs();

		/** How long the worker may stay idle. */
		long keepAliveNanos();

		/**
		 * Whether the idle worker should end; if so, it no longer counts as live.
		 * @param idleTooLong whether it stayed idle past the keep-alive
		 */
		boolean retire(boolean idleTooLong);

		/** Runs a job that the worker took. */
		void run(Worker worker, Job<?> job);

		/** Tells the listeners of the timings of a task that the worker ran. */
		void tellListeners(Worker worker, long queueWaitNanos, long runNanos, boolean failed);

		/**
		 * The worker's last step but one.
		 * @param retired whether it ended because {@link #retire} said so
		 */
		void exited(Worker worker, boolean retired);

	}

}
