package io.tpool.watchdog;

import java.util.ArrayList;
import java.util.List;

import io.tpool.scheduler.VirtualThreadScheduler;
import org.jspecify.annotations.Nullable;

/**
 * Raises the virtual thread scheduler's parallelism by one carrier for each carrier that
 * a virtual thread holds, and brings it back down once the holds end, never below where
 * it found it: the one compensator of the JVM, which every compensating watchdog
 * registers with. The parallelism is its base plus the most extra carriers any
 * registration wants, each capped by its own maximum; the last registration to close
 * restores the base.
 *
 * @since 0.3.0
 */
final class CarrierCompensator {

	private static final Object lock = new Object();

	/** Guarded by {@link #lock}. */
	private static @Nullable CarrierCompensator shared;

	private final VirtualThreadScheduler scheduler;

	private final int base;

	/** Guarded by {@link #lock}. */
	private final List<Registration> registrations = new ArrayList<>();

	/** Guarded by {@link #lock}. */
	private int extra;

	/** Guarded by {@link #lock}. */
	private long compensations;

	private CarrierCompensator(VirtualThreadScheduler scheduler) {
		this.scheduler = scheduler;
		this.base = scheduler.parallelism();
	}

	/**
	 * Registers a compensating watchdog with the JVM's compensator, which starts with the
	 * first registration and finds the base parallelism then.
	 * @param scheduler the JVM's scheduler
	 * @param maxExtra the most carriers that this registration lets the compensator add
	 * @return the registration
	 */
	static Registration register(VirtualThreadScheduler scheduler, int maxExtra) {
		synchronized (lock) {
			if (shared == null) {
				shared = new CarrierCompensator(scheduler);
			}
			Registration registration = shared.new Registration(maxExtra);
			shared.registrations.add(registration);
			return registration;
		}
	}

	/** Sets the parallelism to what the registrations want; holds the lock. */
	private void apply() {
		int wanted = 0;
		for (Registration registration : this.registrations) {
			wanted = Math.max(wanted, Math.min(registration.wanted, registration.maxExtra));
		}
		if (wanted != this.extra) {
			if (wanted > this.extra) {
				this.compensations += wanted - this.extra;
			}
			this.extra = wanted;
			// The JDK submits a task after raising the parallelism, so that a carrier
			// starts
			// for the virtual threads that wait.
			this.scheduler.setParallelism(this.base + wanted);
		}
	}

	/**
	 * One compensating watchdog's share of the compensator.
	 */
	final class Registration implements AutoCloseable {

		private final int maxExtra;

		/** Guarded by {@link #lock}. */
		private int wanted;

		/** Guarded by {@link #lock}. */
		private boolean closed;

		private Registration(int maxExtra) {
			this.maxExtra = maxExtra;
		}

		/**
		 * Asks for extra carriers; at most the registration's maximum counts.
		 * @param extra the carriers held, which the compensator should add
		 */
		void want(int extra) {
			synchronized (lock) {
				if (!this.closed && this.wanted != extra) {
					this.wanted = extra;
					apply();
				}
			}
		}

		/**
		 * The extra carriers that this registration asks for.
		 * @return the carriers
		 */
		int wanted() {
			synchronized (lock) {
				return this.wanted;
			}
		}

		/**
		 * The carriers as the compensator sees them.
		 * @return the state
		 */
		CarrierState state() {
			synchronized (lock) {
				return new CarrierState(CarrierCompensator.this.scheduler.parallelism(), CarrierCompensator.this.base,
						CarrierCompensator.this.extra, this.maxExtra, true, CarrierCompensator.this.compensations);
			}
		}

		/**
		 * Withdraws the registration; the last one restores the base parallelism.
		 */
		@Override
		public void close() {
			synchronized (lock) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				CarrierCompensator compensator = CarrierCompensator.this;
				compensator.registrations.remove(this);
				if (compensator.registrations.isEmpty()) {
					compensator.scheduler.setParallelism(compensator.base);
					if (shared == compensator) {
						shared = null;
					}
				}
				else {
					compensator.apply();
				}
			}
		}

	}

}
