package io.tpool;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Where callers leave jobs and idle workers wait for them. A worker that runs out of work
 * first spins for a short while, so that a burst of short calls finds it awake and costs
 * no wake-up; only a few workers spin at once, so that idle workers do not take the cores
 * from the callers. The others park on a stack, and the most recently idle one, whose
 * caches are warm, is woken first.
 * <p>
 * The rule that no job waits while a worker idles: a caller that finds no spinning worker
 * wakes a parked one; a spinning worker that stops spinning, and a worker about to park,
 * look at the queue once more; a worker that takes a job and leaves more behind wakes
 * another.
 *
 * @author tpool
 */
final class HandOff {

	/** At most this many idle workers spin: one on two cores. */
	private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

	/**
	 * How long an idle worker spins before it parks: longer than the gap between the
	 * calls of a caller that makes them in a row, short enough to cost little when no
	 * call comes.
	 */
	private static final long SPIN_NANOS = 50_000;

	private final ConcurrentLinkedQueue<Job<?>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger spinners = new AtomicInteger();

	private final AtomicReference<@Nullable Sleeper> sleepers = new AtomicReference<>();

	/**
	 * Leaves a job for the workers, waking one if none is spinning.
	 * @param job the job
	 */
	void offer(Job<?> job) {
		this.queue.offer(job);
		if (this.spinners.get() == 0) {
			wakeOne();
		}
	}

	/**
	 * Takes a job without waiting.
	 * @return the job, or {@code null} if there is none
	 */
	@Nullable Job<?> poll() {
		return this.queue.poll();
	}

	/**
	 * Takes the next job, spinning and then parking until there is one.
	 * @return the job, or {@code null} if the worker was interrupted
	 */
	@Nullable Job<?> take() {
		for (;;) {
			Job<?> job = this.queue.poll();
			if (job != null) {
				if (this.spinners.get() == 0 && !this.queue.isEmpty()) {
					wakeOne();
				}
				return job;
			}
			int spinning = this.spinners.get();
			if (spinning < MAX_SPINNERS && this.spinners.compareAndSet(spinning, spinning + 1)) {
				job = spin();
				this.spinners.decrementAndGet();
				// Callers that saw this worker spinning woke nobody: their jobs are
				// still here.
				if (job != null) {
					if (!this.queue.isEmpty()) {
						wakeOne();
					}
					return job;
				}
			}
			Sleeper sleeper = new Sleeper(Thread.currentThread());
			push(sleeper);
			if (!this.queue.isEmpty()) {
				withdraw(sleeper);
				continue;
			}
			while (sleeper.isWaiting()) {
				LockSupport.park(this);
				if (Thread.interrupted()) {
					withdraw(sleeper);
					return null;
				}
			}
		}
	}

	private @Nullable Job<?> spin() {
		long deadline = System.nanoTime() + SPIN_NANOS;
		for (int i = 1;; i++) {
			Job<?> job = this.queue.poll();
			if (job != null) {
				return job;
			}
			if ((i & 0x3f) == 0 && System.nanoTime() - deadline > 0) {
				return null;
			}
			Thread.onSpinWait();
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
	 */
	private void withdraw(Sleeper sleeper) {
		sleeper.cancel();
		this.sleepers.compareAndSet(sleeper, sleeper.next);
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
				if (head.wake()) {
					return;
				}
				// It had cancelled: it is looking at the queue itself.
			}
		}
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

		void cancel() {
			this.state.compareAndSet(WAITING, CANCELLED);
		}

	}

}
