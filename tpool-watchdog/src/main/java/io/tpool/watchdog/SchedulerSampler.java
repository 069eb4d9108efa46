package io.tpool.watchdog;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.scheduler.VirtualThreadScheduler.Sample;
import org.jspecify.annotations.Nullable;

import io.tpool.watchdog.CarrierCpuTime.Window;
import io.tpool.watchdog.CarrierNativeCode.Readings;
import io.tpool.watchdog.CarrierThreads.Reading;
import io.tpool.watchdog.HeldCarriers.Hold;

/**
 * Samples the virtual thread scheduler and, while every carrier stays taken with virtual
 * threads waiting, tells starvation from saturation with thread dumps and the carriers'
 * CPU time and execution state. Four signals are starvation:
 * <ul>
 * <li>a carrier that every reading of the carriers (which virtual thread each runs, read
 * at each sample while virtual threads wait) found running the same virtual thread for
 * the threshold, natively, computing or asleep (see {@link HeldCarriers}): one thread
 * dump then names the virtual thread still on it. This needs neither the suspicion delay
 * nor a cycle of dumps, and finds holds a little longer than the threshold that a cycle,
 * begun late, would miss;</li>
 * <li>a virtual thread that several dumps found on the same carrier over at least the
 * threshold: it kept its carrier, whatever it did there (a long native call, a CPU loop,
 * a class initializer);</li>
 * <li>carriers that spent less than 3% ({@value #BLOCKED_CPU_SHARE}) of a window of at
 * least the threshold on a CPU: they were blocked behind the virtual threads they carried
 * (native code, a system call, a wait that pins), even if each of those gave its carrier
 * back soon, as many short blocking calls do. The site is the one most of the holders
 * that the dumps found share.</li>
 * <li>carriers found in native code (a JNI method, a {@code java.lang.foreign} downcall)
 * by more than half ({@value #NATIVE_CODE_SHARE}) of the readings of their state over a
 * window of at least the threshold: they were held in native code, blocking or computing,
 * by the virtual threads they carried, even if each of those gave its carrier back soon,
 * as a stream of short native queries does. That is what tpool exists to offload. The
 * site is the one most of the holders that the dumps found in a native method share (most
 * of all the holders found, where no dump showed one in a native method, as for
 * downcalls, whose frames dumps hide).</li>
 * </ul>
 * Carriers kept busy computing in Java by short tasks meet none: saturation, no finding.
 * <p>
 * Once the scheduler has looked starved for half the threshold, a cycle of dumps starts:
 * the first one names the virtual threads on the carriers and their carriers, whose CPU
 * time is read from then on; the next ones, half a threshold and a threshold after it,
 * keep the virtual threads still on the same carrier. From the first dump on, every
 * sample also reads whether the carriers are in native code. The cycle ends with a report
 * once some have stayed for the threshold (three dumps), or once the carriers have stayed
 * blocked, or in native code, for the threshold (three dumps), or without a report as
 * soon as none can happen any more: no virtual thread is left on its carrier and the
 * carriers computed, mostly in Java (usually two dumps, when short tasks keep the
 * carriers busy). Each episode of starvation is reported at most once.
 *
 * @since 0.1.0
 */
final class SchedulerSampler implements StarvationDetector {

	/**
	 * Below this share of their time on a CPU, carriers that stay taken while virtual
	 * threads wait are blocked, not computing. Measured on 2 carriers over windows of 100
	 * to 500 ms: carriers blocked in 20 ms {@code usleep} calls spend 0.1% to 1.2% of
	 * their time on a CPU (switching from one virtual thread to the next), in 1 ms calls
	 * about 4%, waiting for a class initializer that sleeps 0%. Carriers computing spend
	 * up to 100% on an idle machine, but on a 2-core machine whose other processes kept
	 * four or five threads runnable per core, as little as 7.5% (CPU loops) and 10% (1 ms
	 * tasks) at the second dump of a cycle. Three percent sits in between with a factor
	 * of 2.5 on either side; blocking calls of 1 ms and less are left to the other
	 * signal.
	 */
	static final double BLOCKED_CPU_SHARE = 0.03;

	/**
	 * Above this share of the readings of their state in native code, carriers that stay
	 * taken while virtual threads wait are held in native code: more than half of the
	 * time. Measured on 2 carriers over windows of 200 to 300 ms: carriers running Java
	 * code (CPU loops, 1 ms tasks, a class initializer and its waiters) were found in
	 * native code by none of the readings, carriers in 20 ms {@code usleep} calls by all
	 * of them, and carriers running DuckDB's report queries over HTTP (tens of
	 * milliseconds in C++ each, with a call back into Java inside, then the request's own
	 * Java work) by 83% to 100% of them. Half leaves room for Java work between native
	 * calls, and for a machine busy enough to stretch it.
	 */
	static final double NATIVE_CODE_SHARE = 0.5;

	/**
	 * After a cycle whose dumps took {@code d}, the next cycle waits {@code 19 d}: dumps,
	 * whose cost grows with the number of threads, take at most 5% of a core even when
	 * the carriers stay busy for hours.
	 */
	private static final int DUMP_PAUSE_PER_DUMP_TIME = 19;

	private final Supplier<Sample> scheduler;

	private final CarrierHolderDump dump;

	private final CarrierCpuTime cpuTime;

	private final CarrierNativeCode nativeCode;

	private final CarrierHoldTracker tracker;

	/** Reads which virtual thread each carrier runs; {@code null} where it cannot. */
	private final @Nullable CarrierThreads carriers;

	/** How long each carrier has run the same virtual thread; read while some wait. */
	private final HeldCarriers streaks = new HeldCarriers();

	private final long thresholdNanos;

	/**
	 * How long the scheduler must look starved before the first dump: shorter spells of
	 * busy carriers, common under load, cost no dump.
	 */
	private final long suspicionNanos;

	/** Between the dumps of a cycle: the third one comes a threshold after the first. */
	private final long dumpSpacingNanos;

	private final long periodNanos;

	private final StarvationReporter reporter;

	private final Logger logger;

	/** Set while the watchdog runs, when compensation is switched on or off. */
	private volatile @Nullable Compensation compensation;

	private final LongSupplier clock;

	private volatile boolean closed;

	// The rest is confined to the watchdog's thread.

	private long episodeStart = -1;

	private boolean attributed;

	private long nextDump;

	private long cycleDumpNanos;

	/** The carriers' CPU time since the first dump of the cycle. */
	private @Nullable Window cpuWindow;

	/**
	 * Whether the carriers were in native code, read since the first dump of the cycle.
	 */
	private @Nullable Readings nativeReadings;

	private boolean dumpFailureLogged;

	SchedulerSampler(VirtualThreadScheduler scheduler, CarrierHolderDump dump, CarrierCpuTime cpuTime,
			CarrierNativeCode nativeCode, @Nullable CarrierThreads carriers, Duration threshold, Duration period,
			StarvationReporter reporter, Logger logger, @Nullable Compensation compensation) {
		this(scheduler::sample, dump, cpuTime, nativeCode, carriers, threshold, period, reporter, logger, compensation,
				System::nanoTime);
	}

	SchedulerSampler(Supplier<Sample> scheduler, CarrierHolderDump dump, CarrierCpuTime cpuTime,
			CarrierNativeCode nativeCode, @Nullable CarrierThreads carriers, Duration threshold, Duration period,
			StarvationReporter reporter, Logger logger, @Nullable Compensation compensation, LongSupplier clock) {
		this.scheduler = scheduler;
		this.dump = dump;
		this.cpuTime = cpuTime;
		this.nativeCode = nativeCode;
		this.carriers = carriers;
		this.thresholdNanos = threshold.toNanos();
		this.tracker = new CarrierHoldTracker(this.thresholdNanos);
		this.suspicionNanos = this.thresholdNanos / 2;
		this.dumpSpacingNanos = this.thresholdNanos / 2;
		this.periodNanos = period.toNanos();
		this.reporter = reporter;
		this.logger = logger;
		this.compensation = compensation;
		this.clock = clock;
		this.nextDump = clock.getAsLong();
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
			sample(this.scheduler.get());
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

	/**
	 * Compensates, from the next sample on, through the given compensation, or no longer.
	 * @param compensation the compensation, or {@code null} for none
	 */
	void setCompensation(@Nullable Compensation compensation) {
		this.compensation = compensation;
	}

	/**
	 * Takes one sample of the scheduler into account; called every sample period.
	 * @param sample the scheduler's state now
	 */
	void sample(Sample sample) {
		long now = this.clock.getAsLong();
		Compensation compensation = this.compensation;
		if (compensation != null) {
			compensation.sample(sample, now);
		}
		// Carriers added for held ones relieve the starvation that the holds cause: the
		// holds are still watched, so that every compensated site is named.
		boolean compensating = compensation != null && compensation.isCompensating();
		followCarriers(sample, now, compensating);
		if (!sample.starved() && !compensating) {
			endEpisode(now);
			return;
		}
		if (this.episodeStart < 0) {
			this.episodeStart = now;
			this.attributed = false;
		}
		Readings nativeReadings = this.nativeReadings;
		if (nativeReadings != null) {
			nativeReadings.read();
		}
		if (!this.attributed && !this.streaks.held().isEmpty() && now - this.nextDump >= 0) {
			examineHeldCarriers(sample);
		}
		else if (!this.attributed && now - this.episodeStart >= this.suspicionNanos && now - this.nextDump >= 0) {
			examine(sample);
		}
	}

	/**
	 * Reads which virtual thread each carrier runs while some wait, or compensation goes
	 * on; forgets the streaks otherwise, when a hold starves no one.
	 */
	private void followCarriers(Sample sample, long now, boolean compensating) {
		CarrierThreads carriers = this.carriers;
		if (carriers == null) {
			return;
		}
		if (sample.queued() == 0 && !compensating) {
			this.streaks.clear();
			return;
		}
		this.streaks.update(carriers.read(now, sample.parallelism()), now, this.thresholdNanos);
	}

	/**
	 * Names the virtual threads that have held their carriers for the threshold, with one
	 * dump, keeping those that the readings before and after the dump found on the same
	 * carrier: a hold that ended meanwhile is not given the stack of the virtual thread
	 * that came next.
	 */
	private void examineHeldCarriers(Sample sample) {
		CarrierThreads carriers = this.carriers;
		Map<Long, Hold> held = Map.copyOf(this.streaks.held());
		long start = this.clock.getAsLong();
		List<CarrierHolder> holders = takeDump();
		long end = this.clock.getAsLong();
		this.cycleDumpNanos += end - start;
		if (holders != null && carriers != null) {
			Map<Long, Reading> after = carriers.read(end, sample.parallelism());
			List<CarrierHolder> stayed = holders.stream().filter((holder) -> {
				Hold hold = held.get(holder.carrierId());
				Reading reading = after.get(holder.carrierId());
				return hold != null && reading != null && hold.virtualThread().equals(reading.virtualThread());
			}).toList();
			if (!stayed.isEmpty()) {
				long heldNanos = held.values().stream().mapToLong(Hold::nanos).max().orElse(0) + (end - start);
				report(String.format(Locale.ROOT,
						"a virtual thread kept its carrier for %d ms: every reading of the carriers found each of "
								+ "these on the same one, while every carrier was taken (%s)",
						TimeUnit.NANOSECONDS.toMillis(heldNanos), scheduler(sample)), stayed, false);
				this.attributed = true;
			}
		}
		endCycle(end);
	}

	/**
	 * Once a carrier is free or no virtual thread waits, a hold starves no one: the cycle
	 * of dumps ends with the episode, and its dumps count towards the pause.
	 */
	private void endEpisode(long now) {
		if (this.tracker.isOpen()) {
			endCycle(now);
		}
		this.episodeStart = -1;
	}

	private void examine(Sample sample) {
		long start = this.clock.getAsLong();
		// Read before the dump, which keeps the cores busy for a while
		Window cpuWindow = this.cpuWindow;
		double cpuShare = (cpuWindow != null) ? cpuWindow.cpuShare(start) : Double.NaN;
		long cpuWindowNanos = (cpuWindow != null) ? cpuWindow.elapsedNanos(start) : 0;
		List<CarrierHolder> holders = takeDump();
		long end = this.clock.getAsLong();
		this.cycleDumpNanos += end - start;
		if (holders == null) {
			endCycle(end);
			return;
		}
		if (!this.tracker.isOpen()) {
			this.tracker.follow(holders, end);
			this.cpuWindow = this.cpuTime.open(this.tracker.carrierIds(), end);
			this.nativeReadings = this.nativeCode.open(this.tracker.carrierIds());
			this.nativeReadings.read();
			if (holders.isEmpty()) {
				logSaturation(end, Double.NaN, Double.NaN);
				endCycle(end);
			}
			else {
				scheduleNextDump();
			}
			return;
		}
		List<CarrierHolder> held = this.tracker.confirm(holders, start);
		// NaN, where the carriers' CPU time cannot be read, is not blocked
		boolean blocked = cpuShare < BLOCKED_CPU_SHARE;
		Readings nativeReadings = this.nativeReadings;
		// NaN, before any reading, is not in native code
		double nativeShare = (nativeReadings != null) ? nativeReadings.nativeShare() : Double.NaN;
		boolean inNativeCode = nativeShare > NATIVE_CODE_SHARE;
		if (!held.isEmpty()) {
			reportHeld(sample, held, this.tracker.heldNanos(start), this.tracker.dumps());
		}
		else if (blocked && cpuWindowNanos >= this.thresholdNanos) {
			reportBlocked(sample, cpuShare, cpuWindowNanos, start - this.episodeStart, this.tracker.sighted(),
					this.tracker.dumps());
		}
		else if (inNativeCode && nativeReadings != null && this.tracker.heldNanos(start) >= this.thresholdNanos) {
			reportInNativeCode(sample, nativeReadings, this.tracker.heldNanos(start), this.tracker.sighted(),
					this.tracker.dumps());
		}
		else if (this.tracker.isFollowing() || blocked || inNativeCode) {
			scheduleNextDump();
			return;
		}
		else {
			logSaturation(end, cpuShare, nativeShare);
			endCycle(end);
			return;
		}
		this.attributed = true;
		endCycle(end);
	}

	/** From the first dump: a slow middle dump must not delay the last one. */
	private void scheduleNextDump() {
		this.nextDump = this.tracker.followedSince() + this.tracker.dumps() * this.dumpSpacingNanos;
	}

	private void logSaturation(long now, double cpuShare, double nativeShare) {
		if (this.logger.isLoggable(Level.DEBUG)) {
			this.logger.log(Level.DEBUG, String.format(Locale.ROOT,
					"Every carrier has stayed taken for %d ms while virtual threads waited, but no virtual thread "
							+ "kept its carrier from one thread dump to the next, the carriers spent %s of their "
							+ "time on a CPU and were found in native code in %s of the readings: saturation, not "
							+ "starvation",
					TimeUnit.NANOSECONDS.toMillis(now - this.episodeStart), percent(cpuShare), percent(nativeShare)));
		}
	}

	private @Nullable List<CarrierHolder> takeDump() {
		try {
			return this.dump.take();
		}
		catch (IOException | RuntimeException ex) {
			if (!this.dumpFailureLogged) {
				this.dumpFailureLogged = true;
				this.logger.log(Level.WARNING,
						"Every carrier stayed taken while virtual threads waited, but the thread "
								+ "dump that tells starvation from saturation and names its site failed",
						ex);
			}
			return null;
		}
	}

	private void endCycle(long now) {
		this.tracker.clear();
		this.cpuWindow = null;
		this.nativeReadings = null;
		this.nextDump = now + this.cycleDumpNanos * DUMP_PAUSE_PER_DUMP_TIME;
		this.cycleDumpNanos = 0;
	}

	private void reportHeld(Sample sample, List<CarrierHolder> held, long heldNanos, int dumps) {
		String circumstance = String.format(Locale.ROOT,
				"a virtual thread kept its carrier for %d ms: each of these stayed on the same carrier through %d "
						+ "thread dumps, while every carrier was taken (%s)",
				TimeUnit.NANOSECONDS.toMillis(heldNanos), dumps, scheduler(sample));
		report(circumstance, held, false);
	}

	private void reportBlocked(Sample sample, double cpuShare, long cpuWindowNanos, long episodeNanos,
			List<CarrierHolder> sighted, int dumps) {
		String circumstance = String.format(Locale.ROOT,
				"carriers blocked, %s CPU, for %d ms: every carrier stayed taken (%s), yet the carriers spent %s of "
						+ "the last %d ms on a CPU, as carriers blocked in native code, a system call or a wait for "
						+ "a lock or a class initializer do; %d thread dumps found these virtual threads on them",
				percent(cpuShare), TimeUnit.NANOSECONDS.toMillis(episodeNanos), scheduler(sample), percent(cpuShare),
				TimeUnit.NANOSECONDS.toMillis(cpuWindowNanos), dumps);
		report(circumstance, sighted, true);
	}

	private void reportInNativeCode(Sample sample, Readings nativeReadings, long windowNanos,
			List<CarrierHolder> sighted, int dumps) {
		List<CarrierHolder> inNativeMethods = sighted.stream().filter(CarrierHolder::isInNativeMethod).toList();
		String circumstance = String.format(Locale.ROOT,
				"carriers in native code for %d ms: every carrier stayed taken (%s), and %d of %d readings of the "
						+ "carriers' state over the last %d ms found them in native code (%s), as carriers held "
						+ "by JNI methods or java.lang.foreign downcalls are, computing or blocking; %d thread dumps "
						+ "found these virtual threads on them%s",
				TimeUnit.NANOSECONDS.toMillis(windowNanos), scheduler(sample), nativeReadings.inNative(),
				nativeReadings.count(), TimeUnit.NANOSECONDS.toMillis(windowNanos),
				percent(nativeReadings.nativeShare()), dumps, inNativeMethods.isEmpty() ? "" : " in native methods");
		report(circumstance, inNativeMethods.isEmpty() ? sighted : inNativeMethods, true);
	}

	private void report(String circumstance, List<CarrierHolder> holders, boolean sharedSite) {
		List<List<Frame>> stacks = holders.stream().map(CarrierHolder::stack).toList();
		boolean named = sharedSite ? this.reporter.reportSharedSite(circumstance, stacks)
				: this.reporter.report(circumstance, stacks);
		if (!named) {
			this.reporter
				.reportUnattributed("carriers were starved, but the stacks of their virtual threads named no site");
		}
	}

	private static String scheduler(Sample sample) {
		return "%d mounted, parallelism %d, %d more virtual threads waiting".formatted(sample.mounted(),
				sample.parallelism(), sample.queued());
	}

	private static String percent(double share) {
		return Double.isNaN(share) ? "an unknown share" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
	}

}
