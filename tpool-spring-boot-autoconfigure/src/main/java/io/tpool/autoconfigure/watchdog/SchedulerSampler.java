package io.tpool.autoconfigure.watchdog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import io.tpool.autoconfigure.watchdog.SchedulerProbe.Sample;

/**
 * Samples the virtual thread scheduler and, while every carrier stays taken with virtual
 * threads waiting, tells starvation from saturation with thread dumps: it reports only
 * the virtual threads that several dumps found on the same carrier over at least the
 * threshold.
 * <p>
 * Once the scheduler has looked starved for half the threshold, a cycle of dumps starts:
 * the first one names the virtual threads on the carriers, the next ones, half a
 * threshold and a threshold after it, keep those still on the same carrier, and the cycle
 * ends with a report once some have stayed for the threshold (three dumps), or without
 * one as soon as none is left (usually two dumps, when short tasks keep the carriers
 * busy). Each episode of starvation is reported at most once.
 *
 * @author tpool
 */
final class SchedulerSampler implements StarvationDetector {

	/**
	 * After a cycle whose dumps took {@code d}, the next cycle waits {@code 19 d}: dumps,
	 * whose cost grows with the number of threads, take at most 5% of a core even when
	 * the carriers stay busy for hours.
	 */
	private static final int DUMP_PAUSE_PER_DUMP_TIME = 19;

	private final SchedulerProbe probe;

	private final CarrierHolderDump dump;

	private final CarrierHoldTracker tracker;

	/**
	 * How long the scheduler must look starved before the first dump: shorter spells of
	 * busy carriers, common under load, cost no dump.
	 */
	private final long suspicionNanos;

	/** Between the dumps of a cycle: the third one comes a threshold after the first. */
	private final long dumpSpacingNanos;

	private final long periodNanos;

	private final StarvationReporter reporter;

	private final Log logger;

	private volatile boolean closed;

	// The rest is confined to the watchdog's thread.

	private long episodeStart = -1;

	private boolean attributed;

	private long nextDump = System.nanoTime();

	private long cycleDumpNanos;

	private boolean dumpFailureLogged;

	SchedulerSampler(SchedulerProbe probe, CarrierHolderDump dump, Duration threshold, Duration period,
			StarvationReporter reporter, Log logger) {
		this.probe = probe;
		this.dump = dump;
		this.tracker = new CarrierHoldTracker(threshold.toNanos());
		this.suspicionNanos = threshold.toNanos() / 2;
		this.dumpSpacingNanos = threshold.toNanos() / 2;
		this.periodNanos = period.toNanos();
		this.reporter = reporter;
		this.logger = logger;
	}

	@Override
	public void run() {
		try {
			this.dump.warmUp();
		}
		catch (RuntimeException ex) {
			// A parser that cannot read dumps fails again, logged, at the first dump
		}
		while (!this.closed) {
			sample(this.probe.sample(), System.nanoTime());
			try {
				TimeUnit.NANOSECONDS.sleep(this.periodNanos);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
	}

	private void sample(Sample sample, long now) {
		if (!sample.starved()) {
			endEpisode(now);
			return;
		}
		if (this.episodeStart < 0) {
			this.episodeStart = now;
			this.attributed = false;
		}
		if (!this.attributed && now - this.episodeStart >= this.suspicionNanos && now - this.nextDump >= 0) {
			examine(sample);
		}
	}

	/**
	 * Once a carrier is free or no virtual thread waits, a hold starves no one: the cycle
	 * of dumps ends with the episode, and its dumps count towards the pause.
	 */
	private void endEpisode(long now) {
		if (this.tracker.isFollowing()) {
			endCycle(now);
		}
		this.episodeStart = -1;
	}

	private void examine(Sample sample) {
		long start = System.nanoTime();
		List<CarrierHolder> holders = takeDump();
		long end = System.nanoTime();
		this.cycleDumpNanos += end - start;
		if (holders == null) {
			endCycle(end);
			return;
		}
		if (!this.tracker.isFollowing()) {
			this.tracker.follow(holders, end);
		}
		else {
			List<CarrierHolder> held = this.tracker.confirm(holders, start);
			if (!held.isEmpty()) {
				report(sample, held, this.tracker.heldNanos(start), this.tracker.dumps());
				this.attributed = true;
				endCycle(end);
				return;
			}
		}
		if (this.tracker.isFollowing()) {
			// From the first dump: a slow middle dump must not delay the last one
			this.nextDump = this.tracker.followedSince() + this.tracker.dumps() * this.dumpSpacingNanos;
		}
		else {
			logSaturation(end);
			endCycle(end);
		}
	}

	private void logSaturation(long now) {
		if (this.logger.isDebugEnabled()) {
			this.logger.debug(("Every carrier has stayed taken for %d ms while virtual threads waited, but no "
					+ "virtual thread kept its carrier from one thread dump to the next: saturation, not starvation")
				.formatted(TimeUnit.NANOSECONDS.toMillis(now - this.episodeStart)));
		}
	}

	private @Nullable List<CarrierHolder> takeDump() {
		try {
			return this.dump.take();
		}
		catch (IOException | RuntimeException ex) {
			if (!this.dumpFailureLogged) {
				this.dumpFailureLogged = true;
				this.logger.warn("Every carrier stayed taken while virtual threads waited, but the thread dump "
						+ "that tells starvation from saturation and names its site failed", ex);
			}
			return null;
		}
	}

	private void endCycle(long now) {
		this.tracker.clear();
		this.nextDump = now + this.cycleDumpNanos * DUMP_PAUSE_PER_DUMP_TIME;
		this.cycleDumpNanos = 0;
	}

	private void report(Sample sample, List<CarrierHolder> held, long heldNanos, int dumps) {
		String circumstance = ("each kept the same carrier for at least %d ms, as %d thread dumps found, "
				+ "while every carrier was taken (%d mounted, parallelism %d) and %d more virtual threads waited")
			.formatted(TimeUnit.NANOSECONDS.toMillis(heldNanos), dumps, sample.mounted(), sample.parallelism(),
					sample.queued());
		if (!this.reporter.report(circumstance, held.stream().map(CarrierHolder::stack).toList())) {
			this.reporter.reportUnattributed("virtual threads kept their carriers, but their stacks named no site");
		}
	}

}
