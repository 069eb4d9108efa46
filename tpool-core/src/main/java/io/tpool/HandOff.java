package io.tpool;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.tpool.scheduler.VirtualThreadScheduler;
import org.jspecify.annotations.Nullable;

/**
 * Where callers leave jobs and idle workers wait for them. A worker that runs out of work
 * may first spin for a while, so that a burst of short calls finds it awake and costs no
 * wake-up; only a few workers spin at once, so that idle workers do not take the cores
 * from the callers. The others park on a stack, and the most recently idle one, whose
 * caches are warm, is woken first; only one is being woken at a time, and it wakes the
 * next if more jobs wait, so that a crowd of callers finding no spinning worker does not
 * wake every worker at once (futex wake-ups that cost more than the calls).
 * <p>
 * Spinning pays only when the next job comes sooner than a wake-up would take, so its
 * length adapts to how far apart the jobs come: a spin that finds nothing halves the next
 * one, down to none at all; a job that reaches a parked worker soon after it stopped
 * spinning, or a spin that finds one, lengthens it again. Calls far apart thus cost a
 * wake-up each and no spinning, calls back to back find a spinning worker. Nor does it
 * pay while every carrier of virtual threads is wanted ({@link VirtualThreadScheduler}):
 * the spinning thread would take a core from the carriers that make the calls, so no
 * worker starts a spin then.
 * <p>
 * The rule that no job waits while a worker idles: a caller that finds no spinning worker
 * and an empty queue wakes a parked one; a spinning worker that stops spinning, and a
 * worker about to park, look at the queue once more; a worker that takes a job and leaves
 * more behind wakes another. A caller that finds jobs queued wakes nobody: whoever takes
 * the one before its own finds its job behind and wakes the next, so that a busy pool is
 * not woken once a call.
 */
final class HandOff {

	/** At most this many idle workers spin: one on two cores. */
	private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

	/**
	 * The longest spin: longer than the gap between the calls of a caller that makes them
	 * in a row, short enough to cost little when no call comes.
	 */
	static final long MAX_SPIN_NANOS = 50_000;

	/** A spin budget below this is not worth starting. */
	private static final long MIN_SPIN_NANOS = 1_000;

	/** How many looks at the queue a spin makes between readings of the clock. */
	private static final int LOOKS_PER_CLOCK_READ = 32;

	private final ConcurrentLinkedQueue<Job<?>> queue = new ConcurrentLinkedQueue<>();

	/**
	 * The jobs in the queue: a job counts once it is in and stops counting once it is
	 * out, so that a caller that finds another counted knows that a worker will find its
	 * own behind it. It runs short while a job is being put in, over while one is being
	 * taken out (the taker looks at the queue once it stopped counting it, and finds the
	 * jobs of the callers that counted on it), and short for good where a purge and a
	 * worker raced for the same job: a short count only wakes a worker more.
	 */
	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicInteger spinners = new AtomicInteger();

	/** Workers woken and not yet looking at the queue. */
	private final AtomicInteger waking = new AtomicInteger();

	private final AtomicReference<@Nullable Sleeper> sleepers = new AtomicReference<>();

	/**
	 * Virtual threads waiting per carrier from which every carrier counts as wanted: then
	 * a pool thread that spins takes a core from the carriers that make the calls, and a
	 * wake-up costs less than the spin. One per carrier is too few: four callers on two
	 * carriers often leave two waiting for a moment, and would lose the spinning worker
	 * that makes their calls fast.
	 */
	static final int WAITING_PER_CARRIER = 4;

	/** How often whether every carrier is wanted is read at most. */
	private static final long DEMAND_READ_NANOS = 100_000;

	/** When whether every carrier is wanted was last read. */
	private volatile long demandReadAt = System.nanoTime() - 2 * DEMAND_READ_NANOS;

	/** Whether every carrier was wanted when last read. */
	private volatile boolean allCarriersWanted;

	/** How long the next idle worker spins; adapted as jobs come. */
	private volatile long spinNanos = MAX_SPIN_NANOS;

	/**
	 * Changed by {@link #wakeAll()}, so that a worker about to park sees that it missed
	 * it.
	 */
	private volatile int generation;

	/**
	 * Leaves a job for the workers, waking one if none is spinning, none is being woken
	 * and no job is queued before it.
	 * @param job the job
	 * @return whether a spinning worker will take it at once
	 */
	boolean offer(Job<?> job) {
		this.queue.offer(job);
		int before = this.queued.getAndIncrement();
		if (this.spinners.get() != 0) {
			return true;
		}
		// Jobs before this one: whoever takes the last of them finds this one behind it
		// and wakes another (a short count only wakes one more). One worker woken at a
		// time: it wakes the next if more jobs wait, so that a crowd of callers does not
		// wake every worker for jobs that one can take.
		if (before <= 0 && this.waking.get() == 0) {
			wakeOne();
		}
		return false;
	}

	/**
	 * Takes a job without waiting.
	 * @return the job, or {@code null} if there is none
	 */
	@Nullable Job<?> poll() {
		Job<?> job = this.queue.poll();
		if (job != null) {
			this.queued.getAndDecrement();
		}
		return job;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/**
	 * The entries of the queue, abandoned jobs included. Counts them one by one.
	 * @return the number of entries
	 */
	int size() {
		return this.queue.size();
	}

	/**
	 * Removes the abandoned jobs from the queue.
	 * @return how many this call accounted for: those whose removal it claimed
	 */
	int purgeAbandoned() {
		int[] claimed = new int[1];
		this.queue.removeIf((job) -> {
			boolean claims = job.claimRemoval();
			if (claims) {
				claimed[0]++;
			}
			if (claims || job.state() == Job.ABANDONED) {
				// Stops counting it, though a worker may take it out first and stop
				// counting it too: the count then runs short, which only wakes a worker
				// more.
				this.queued.getAndDecrement();
				return true;
			}
			return false;
		});
		return claimed[0];
	}

	/**
	 * The generation of wake-ups: a worker reads it before it looks at the pool's state,
	 * and passes it to {@link #take}, so that a {@link #wakeAll()} after that look is not
	 * missed.
	 * @return the generation
	 */
	int generation() {
		return this.generation;
	}

	/**
	 * Takes the next job, spinning and then parking until there is one, until the worker
	 * has been idle for {@code keepAliveNanos}, or until it is woken to look at the
	 * pool's state.
	 * @param idleness when the worker's idleness began, set here when it finds no job
	 * @param keepAliveNanos how long the worker may stay idle
	 * @param generation the {@link #generation()} read before the worker last looked at
	 * the pool's state
	 * @param whileLooking work of the worker's own to do once it is known to be looking
	 * at the queue, such as telling listeners of its last task, or {@code null}: a caller
	 * that hands off a job meanwhile finds a spinning worker rather than waking another
	 * @return the job, or {@code null} if the deadline passed, the worker was woken
	 * without a job or interrupted
	 */
	@Nullable Job<?> take(Idleness idleness, long keepAliveNanos, int generation, @Nullable Runnable whileLooking) {
		Job<?> job = poll();
		if (job != null) {
			wakeAnotherIfMoreWait();
			if (whileLooking != null) {
				whileLooking.run();
			}
			return job;
		}
		long now = System.nanoTime();
		if (idleness.since == 0) {
			idleness.since = Nanos.nonZero(now);
		}
		long idleDeadline = idleness.since + keepAliveNanos;
		long spun = 0;
		long budget = this.spinNanos;
		int spinning = this.spinners.get();
		if (budget >= MIN_SPIN_NANOS && spinning < MAX_SPINNERS && !allCarriersWanted(now)
				&& this.spinners.compareAndSet(spinning, spinning + 1)) {
			if (whileLooking != null) {
				whileLooking.run();
				whileLooking = null;
			}
			// The clock is read every LOOKS_PER_CLOCK_READ looks, and not when a job
			// comes before the first reading: a reading costs about as much as two
			// looks, and the job's caller waits meanwhile.
			long elapsed = 0;
			for (int i = 1;; i++) {
				job = poll();
				if (job != null || ((i % LOOKS_PER_CLOCK_READ) == 0 && (elapsed = System.nanoTime() - now) > budget)) {
					break;
				}
				Thread.onSpinWait();
			}
			this.spinners.decrementAndGet();
			if (job != null) {
				if (elapsed > 0) {
					// Found late in the spin: the next one may have to be longer.
					long found = System.nanoTime() - now;
					if (2 * found > budget) {
						this.spinNanos = Math.min(MAX_SPIN_NANOS, 2 * found);
					}
				}
				// Callers that saw this worker spinning woke nobody: their jobs are
				// still here.
				wakeAnotherIfMoreWait();
				return job;
			}
			spun = budget;
			this.spinNanos = budget / 2;
		}
		if (whileLooking != null) {
			whileLooking.run();
		}
		return park(idleDeadline, spun, generation);
	}

	/**
	 * Whether every carrier is wanted, as last read: the reading touches the scheduler's
	 * queues, which the carriers are changing, so it is taken at most once in
	 * {@value #DEMAND_READ_NANOS} ns rather than by every worker that runs out of work.
	 */
	private boolean allCarriersWanted(long now) {
		if (now - this.demandReadAt > DEMAND_READ_NANOS) {
			this.demandReadAt = now;
			VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
			this.allCarriersWanted = scheduler != null && allCarriersWanted(scheduler);
		}
		return this.allCarriersWanted;
	}

	private static boolean allCarriersWanted(VirtualThreadScheduler scheduler) {
		try {
			return scheduler.allCarriersWanted(WAITING_PER_CARRIER);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private @Nullable Job<?> park(long idleDeadline, long spun, int generation) {
		Sleeper sleeper = new Sleeper(Thread.currentThread());
		push(sleeper);
		if (!this.queue.isEmpty() || this.generation != generation) {
			if (!withdraw(sleeper)) {
				// Woken meanwhile: the waker counted it as waking.
				this.waking.decrementAndGet();
			}
			Job<?> job = poll();
			if (job != null) {
				// Callers that found this job queued woke nobody for theirs.
				wakeAnotherIfMoreWait();
			}
			return job;
		}
		long parkedAt = System.nanoTime();
		while (sleeper.isWaiting()) {
			long remaining = idleDeadline - System.nanoTime();
			if (remaining <= 0 || Thread.interrupted()) {
				if (withdraw(sleeper)) {
					return null;
				}
				break;
			}
			LockSupport.parkNanos(this, remaining);
		}
		if (sleeper.wasWoken()) {
			this.waking.decrementAndGet();
		}
		Job<?> job = poll();
		if (job != null) {
			// A job came this soon after the spin stopped: a longer spin would have
			// saved the wake-up.
			long gap = spun + System.nanoTime() - parkedAt;
			if (2 * gap < MAX_SPIN_NANOS) {
				this.spinNanos = Math.max(this.spinNanos, 2 * gap);
			}
			wakeAnotherIfMoreWait();
		}
		return job;
	}

	private void wakeAnotherIfMoreWait() {
		if (this.spinners.get() == 0 && this.waking.get() == 0 && !this.queue.isEmpty()) {
			wakeOne();
		}
	}

	private void push(Sleeper sleeper) {
		for (;;) {
			Sleeper head = this.sleepers.get();
			sleeper.next = head;
			if (this.sleepers.compareAndSet(head, sleeper)) {
				return;
			}
		}
	}

	/**
	 * Cancels a sleeper that will not park after all, and takes it off the stack where it
	 * still is on top, so that a busy pool whose callers find a spinning worker, and
	 * therefore wake nobody, does not pile up cancelled sleepers.
	 * @return whether it was cancelled, rather than woken first
	 */
	private boolean withdraw(Sleeper sleeper) {
		boolean cancelled = sleeper.cancel();
		this.sleepers.compareAndSet(sleeper, sleeper.next);
		return cancelled;
	}

	/** Wakes the most recently parked worker, if any. */
	private void wakeOne() {
		for (;;) {
			Sleeper head = this.sleepers.get();
			if (head == null) {
				return;
			}
			if (this.sleepers.compareAndSet(head, head.next)) {
				head.next = null;
				this.waking.incrementAndGet();
				if (head.wake()) {
					return;
				}
				this.waking.decrementAndGet();
				// It had cancelled: it is looking at the queue itself.
			}
		}
	}

	/** Wakes every parked worker, so that each looks at the pool's state. */
	void wakeAll() {
		this.generation++;
		Sleeper head = this.sleepers.getAndSet(null);
		while (head != null) {
			Sleeper next = head.next;
			head.next = null;
			this.waking.incrementAndGet();
			if (!head.wake()) {
				this.waking.decrementAndGet();
			}
			head = next;
		}
	}

	/**
	 * When a worker's idleness began: set by {@link #take} once it finds no job, cleared
	 * by the worker once it has one, so that a worker that finds its next job at once
	 * reads no clock (a reading costs about as much as a tenth of a round trip).
	 */
	static final class Idleness {

		/** The {@link System#nanoTime()} at which idleness began, never 0; 0 if busy. */
		long since;

	}

	/** A parked worker; a fresh one each time it parks, so none is on the stack twice. */
	private static final class Sleeper {

		private static final int WAITING = 0;

		private static final int WOKEN = 1;

		private static final int CANCELLED = 2;

		private final Thread thread;

		private final AtomicInteger state = new AtomicInteger();

		@Nullable Sleeper next;

		Sleeper(Thread thread) {
			this.thread = thread;
		}

		boolean isWaiting() {
			return this.state.get() == WAITING;
		}

		boolean wake() {
			if (this.state.compareAndSet(WAITING, WOKEN)) {
				LockSupport.unpark(this.thread);
				return true;
			}
			return false;
		}

		boolean cancel() {
			return this.state.compareAndSet(WAITING, CANCELLED);
		}

		boolean wasWoken() {
			return this.state.get() == WOKEN;
		}

	}

}
