package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one pool, and the one owner of their lifecycle: it starts them as the
 * pool's work asks, retires them, joins them and ends them by force. It counts the
 * threads live, keeps the set of threads and their numbers; the pool keeps the count of
 * jobs, which it reads through {@link Work}.
 */
final class Workers implements Worker.Owner {

	private final Work pool;

	private final HandOff jobs;

	private final String threadNamePrefix;

	private final long keepAliveNanos;

	/** Threads started and not yet retired; {@link #threads} may hold ended ones too. */
	private final AtomicInteger live = new AtomicInteger();

	/**
	 * Guards the changes of {@link #threads}, {@link #numbers} and {@link #terminated};
	 * readers of {@link #threads} take no lock.
	 */
	private final Object lock = new Object();

	/** The threads and the counters of ended ones: replaced whole, under the lock. */
	private volatile Threads threads = Threads.NONE;

	private final BitSet numbers = new BitSet();

	/**
	 * Set by {@link #join(Duration)} once every thread ended and no job is left: no
	 * thread starts afterwards, whatever a late resize asks for.
	 */
	private boolean terminated;

	/** Set when a closing pool stops waiting for its work and interrupts it. */
	private volatile boolean forced;

	Workers(Work pool, HandOff jobs, String threadNamePrefix, long keepAliveNanos) {
		this.pool = pool;
		this.jobs = jobs;
		this.threadNamePrefix = threadNamePrefix;
		this.keepAliveNanos = keepAliveNanos;
	}

	/** The threads started and not yet retired. */
	int live() {
		return this.live.get();
	}

	/** Whether a closing pool ends its work by force: no job starts any more. */
	boolean isForced() {
		return this.forced;
	}

	/** Whether {@code worker} is one of these threads. */
	boolean owns(Worker worker) {
		return worker.owner == this;
	}

	/**
	 * Starts threads while the jobs outstanding outnumber the threads alive and the pool
	 * may grow. The count is read anew before each start, never taken from the caller:
	 * two callers that reserve at once counted one and two jobs, and the second may start
	 * its thread first; the first then still sees two jobs and one thread, and starts the
	 * second thread.
	 * @return whether it started one
	 */
	boolean startIfNeeded() {
		boolean started = false;
		for (;;) {
			int live = this.live.get();
			if (live >= this.pool.outstanding() || live >= this.pool.size() || this.forced) {
				return started;
			}
			if (this.live.compareAndSet(live, live + 1)) {
				if (!start()) {
					return started;
				}
				started = true;
			}
		}
	}

	/** Starts a thread already counted live. @return whether it started */
	private boolean start() {
		Worker worker;
		synchronized (this.lock) {
			if (this.terminated) {
				this.live.decrementAndGet();
				return false;
			}
			Threads threads = this.threads.withoutEnded();
			int number = this.numbers.nextClearBit(1);
			this.numbers.set(number);
			worker = new Worker(this, this.threadNamePrefix + number, number);
			this.threads = threads.with(worker);
		}
		try {
			worker.start();
		}
		catch (Throwable ex) {
			synchronized (this.lock) {
				this.threads = this.threads.without(worker);
				this.numbers.clear(worker.number);
			}
			this.live.decrementAndGet();
			throw ex;
		}
		return true;
	}

	/**
	 * Whether an idle worker should end: the pool is closing and has no work left, it has
	 * more threads than its size, or the worker stayed idle past the keep-alive.
	 */
	@Override
	public boolean retire(boolean idleTooLong) {
		for (;;) {
			int live = this.live.get();
			boolean terminated = this.forced || this.pool.drained();
			if (!terminated && !idleTooLong && live <= this.pool.size()) {
				return false;
			}
			if (this.live.compareAndSet(live, live - 1)) {
				if (!terminated && !this.jobs.isEmpty()) {
					// A job came while this worker decided to leave: its caller may have
					// counted on it.
					startIfNeeded();
				}
				return true;
			}
		}
	}

	@Override
	public void exited(Worker worker, boolean retired) {
		if (!retired) {
			// Only a virtual machine error gets here: keep the count of threads true.
			this.live.decrementAndGet();
		}
		synchronized (this.lock) {
			this.numbers.clear(worker.number);
		}
	}

	@Override
	public HandOff jobs() {
		return this.jobs;
	}

	@Override
	public long keepAliveNanos() {
		return this.keepAliveNanos;
	}

	@Override
	public void run(Worker worker, Job<?> job) {
		this.pool.run(worker, job);
	}

	@Override
	public void tellListeners(Worker worker, long queueWaitNanos, long runNanos, boolean failed) {
		this.pool.tellListeners(worker, queueWaitNanos, runNanos, failed);
	}

	/** Waits for every thread to end. @return whether they did in time */
	boolean join(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + Nanos.of(timeout);
		for (;;) {
			for (Worker thread : this.threads.workers()) {
				long remaining = deadline - System.nanoTime();
				if (thread.getState() == Thread.State.NEW) {
					// Being started, and join would throw: the next round joins it.
					continue;
				}
				if ((remaining > 0) ? !thread.join(Duration.ofNanos(remaining)) : thread.isAlive()) {
					return false;
				}
			}
			synchronized (this.lock) {
				boolean allEnded = true;
				for (Worker thread : this.threads.workers()) {
					allEnded &= thread.ended && !thread.isAlive();
				}
				// Every thread ended and none is left to start: a job accepted just
				// before the close still starts one, which the next round joins.
				if (allEnded && this.live.get() == 0 && (this.forced || this.pool.outstanding() == 0)) {
					this.terminated = true;
					return true;
				}
			}
			if (deadline - System.nanoTime() <= 0) {
				return false;
			}
			// A thread started for queued work while this one joined the others.
			Thread.sleep(1);
		}
	}

	/**
	 * Lets no job start any more: a closing pool ends its work by force. The pool then
	 * ends its queued jobs and {@linkplain #interruptAll() interrupts} the running ones.
	 */
	void force() {
		this.forced = true;
	}

	void interruptAll() {
		for (Worker thread : this.threads.workers()) {
			thread.interrupt();
		}
	}

	/**
	 * Counts the tasks of every thread, ended ones included, without a lock: gauges,
	 * health checks and endpoints read it, as often as they like, without slowing a
	 * thread's start.
	 */
	Tally tally() {
		Threads threads = this.threads;
		int active = 0;
		long completed = threads.retiredCompleted();
		long failed = threads.retiredFailed();
		for (Worker worker : threads.workers()) {
			if (worker.isRunning()) {
				active++;
			}
			completed += worker.completed();
			failed += worker.failed();
		}
		return new Tally(active, completed, failed);
	}

	/**
	 * The tasks of the threads.
	 *
	 * @param active running now
	 * @param completed ran to an end, successful or not
	 * @param failed those of them that threw
	 */
	record Tally(int active, long completed, long failed) {

	}

	/** The pool's side of its threads' work: its count of jobs, its size, its runs. */
	interface Work {

		/** The jobs accepted and not yet released. */
		long outstanding();

		/** Whether the pool is closed and every job it accepted has ended. */
		boolean drained();

		/** The most threads at once. */
		int size();

		/** Runs a job that a worker took. */
		void run(Worker worker, Job<?> job);

		/** Tells the listeners of the timings of a task that a worker ran. */
		void tellListeners(Worker worker, long queueWaitNanos, long runNanos, boolean failed);

	}

	/**
	 * The threads, ended ones included until a thread start folds their counters into
	 * these, with the counters of those folded. Immutable, so that {@link #tally()} reads
	 * one without a lock.
	 *
	 * @param workers the threads
	 * @param retiredCompleted the tasks that the folded threads completed
	 * @param retiredFailed those of them that failed
	 */
	private record Threads(Worker[] workers, long retiredCompleted, long retiredFailed) {

		static final Threads NONE = new Threads(new Worker[0], 0, 0);

		Threads with(Worker worker) {
			Worker[] workers = Arrays.copyOf(this.workers, this.workers.length + 1);
			workers[workers.length - 1] = worker;
			return new Threads(workers, this.retiredCompleted, this.retiredFailed);
		}

		Threads without(Worker worker) {
			return new Threads(Arrays.stream(this.workers).filter((w) -> w != worker).toArray(Worker[]::new),
					this.retiredCompleted, this.retiredFailed);
		}

		/**
		 * Folds the counters of ended threads. A thread counts as ended only once its own
		 * last step said so: a thread that starts between a look at {@code isAlive()} and
		 * one at {@code getState()} looks ended, and folding it then would lose every
		 * task it goes on to run and hide it from {@link Workers#join(Duration)}.
		 */
		Threads withoutEnded() {
			List<Worker> kept = new ArrayList<>(this.workers.length);
			long completed = this.retiredCompleted;
			long failed = this.retiredFailed;
			for (Worker worker : this.workers) {
				if (worker.ended && !worker.isAlive()) {
					completed += worker.completed();
					failed += worker.failed();
				}
				else {
					kept.add(worker);
				}
			}
			return (kept.size() == this.workers.length) ? this
					: new Threads(kept.toArray(Worker[]::new), completed, failed);
		}

	}

}
