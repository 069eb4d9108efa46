package io.tpool.autoconfigure.watchdog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;

import io.tpool.autoconfigure.watchdog.SchedulerProbe.Sample;

/**
 * Samples the virtual thread scheduler; when every carrier has stayed taken while virtual
 * threads wait for longer than the threshold, dumps the threads once to find the virtual
 * threads that hold the carriers.
 *
 * @author tpool
 */
final class SchedulerSampler implements StarvationDetector {

	/**
	 * After a dump that took {@code d}, the next waits {@code 19 d}: dumps, whose cost
	 * grows with the number of threads, take at most 5% of a core even when starvation
	 * comes and goes.
	 */
	private static final int DUMP_PAUSE_PER_DUMP_TIME = 19;

	private final SchedulerProbe probe;

	private final CarrierHolderDump dump;

	private final long thresholdNanos;

	private final long periodNanos;

	private final StarvationReporter reporter;

	private final Log logger;

	private volatile boolean closed;

	// The rest is confined to the watchdog's thread.

	private long episodeStart = -1;

	private long lastStarved;

	private boolean attributed;

	private long nextDump = System.nanoTime();

	private boolean dumpFailureLogged;

	SchedulerSampler(SchedulerProbe probe, CarrierHolderDump dump, Duration threshold, Duration period,
			StarvationReporter reporter, Log logger) {
		this.probe = probe;
		this.dump = dump;
		this.thresholdNanos = threshold.toNanos();
		this.periodNanos = period.toNanos();
		this.reporter = reporter;
		this.logger = logger;
	}

	@Override
	public void run() {
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
			endEpisode();
			return;
		}
		this.lastStarved = now;
		if (this.episodeStart < 0) {
			this.episodeStart = now;
			this.attributed = false;
			return;
		}
		long lasted = now - this.episodeStart;
		if (!this.attributed && lasted >= this.thresholdNanos && now - this.nextDump >= 0) {
			this.attributed = attribute(sample, lasted);
		}
	}

	private void endEpisode() {
		if (this.episodeStart >= 0 && !this.attributed && this.lastStarved - this.episodeStart >= this.thresholdNanos) {
			this.reporter.reportUnattributed("no thread dump could name the carrier holders while it lasted");
		}
		this.episodeStart = -1;
	}

	private boolean attribute(Sample sample, long lastedNanos) {
		long start = System.nanoTime();
		try {
			List<CarrierHolder> holders = this.dump.take();
			return this.reporter.report(circumstance(sample, lastedNanos),
					holders.stream().map(CarrierHolder::stack).toList());
		}
		catch (IOException | RuntimeException ex) {
			if (!this.dumpFailureLogged) {
				this.dumpFailureLogged = true;
				this.logger.warn("Carrier starvation detected, but the thread dump that names its site failed", ex);
			}
			return false;
		}
		finally {
			long end = System.nanoTime();
			this.nextDump = end + (end - start) * DUMP_PAUSE_PER_DUMP_TIME;
		}
	}

	private static String circumstance(Sample sample, long lastedNanos) {
		return "virtual threads held every carrier (%d mounted, parallelism %d) for %d ms while %d more waited"
			.formatted(sample.mounted(), sample.parallelism(), TimeUnit.NANOSECONDS.toMillis(lastedNanos),
					sample.queued());
	}

}
