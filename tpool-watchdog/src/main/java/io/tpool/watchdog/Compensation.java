package io.tpool.watchdog;

import java.util.Map;

import io.tpool.scheduler.VirtualThreadScheduler.Sample;
import io.tpool.watchdog.CarrierThreads.Reading;

/**
 * One watchdog's compensation: at each sample of the scheduler, while virtual threads
 * wait for a carrier, it reads which virtual thread each carrier runs and asks the JVM's
 * {@link CarrierCompensator} for one extra carrier for each carrier that the same virtual
 * thread has held for the compensation's delay; once fewer carriers are held, it asks for
 * fewer, after the same delay, so that holds that come and go do not make the parallelism
 * flap. Confined to the watchdog's thread.
 *
 * @since 0.3.0
 */
final class Compensation implements AutoCloseable {

	private final CarrierThreads carriers;

	private final CarrierCompensator.Registration registration;

	private final long afterNanos;

	private final HeldCarriers held = new HeldCarriers();

	/**
	 * Since when fewer carriers than the registration wants have been held; -1 if not.
	 */
	private long fewerSince = -1;

	Compensation(CarrierThreads carriers, CarrierCompensator.Registration registration, long afterNanos) {
		this.carriers = carriers;
		this.registration = registration;
		this.afterNanos = afterNanos;
	}

	/**
	 * Takes one sample of the scheduler into account.
	 * @param sample the scheduler's state
	 * @param now when it was taken, a {@link System#nanoTime()} value
	 */
	void sample(Sample sample, long now) {
		int wanted = this.registration.wanted();
		if (sample.queued() == 0 && wanted == 0) {
			// Nobody waits and nothing was added: no reading is needed.
			this.held.clear();
			return;
		}
		Map<Long, Reading> readings = this.carriers.read(now, sample.parallelism());
		int held = this.held.update(readings, now, this.afterNanos);
		if (held > wanted) {
			if (sample.queued() > 0) {
				this.registration.want(held);
			}
			this.fewerSince = -1;
		}
		else if (held < wanted) {
			if (this.fewerSince < 0) {
				this.fewerSince = now;
			}
			else if (now - this.fewerSince >= this.afterNanos) {
				this.registration.want(held);
				this.fewerSince = -1;
			}
		}
		else {
			this.fewerSince = -1;
		}
	}

	/**
	 * Whether this watchdog has asked for extra carriers: holds that would starve the
	 * other virtual threads without them go on.
	 * @return whether it compensates now
	 */
	boolean isCompensating() {
		return this.registration.wanted() > 0;
	}

	CarrierState state() {
		return this.registration.state();
	}

	@Override
	public void close() {
		this.registration.close();
	}

}
