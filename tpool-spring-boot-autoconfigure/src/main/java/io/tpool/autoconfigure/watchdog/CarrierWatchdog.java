package io.tpool.autoconfigure.watchdog;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Watches for virtual threads that keep their carriers past a threshold while other
 * virtual threads wait (blocking native calls, CPU loops, blocking class initializers),
 * and for carriers that stay blocked behind, or held in native code by, the virtual
 * threads they carry, even short ones, and names the application code they run, so that
 * it can be moved to the tpool pool. Carriers kept busy computing in Java by many short
 * tasks, each of which gives its carrier back within the threshold, are saturation, not
 * starvation: no finding.
 * <p>
 * On JDK 24 and later one platform daemon thread samples the virtual thread scheduler's
 * MXBean every quarter of the threshold (at most every 10 ms). Once every carrier has
 * stayed taken while virtual threads wait for half the threshold, it takes JSON thread
 * dumps half a threshold apart and reads the carriers' CPU time and whether they are in
 * native code. It reports the virtual threads that the dumps found on the same carrier
 * over at least the threshold, or, when the carriers spent under 3% of at least the
 * threshold on a CPU, or were found in native code by more than half of the readings over
 * at least the threshold, the site most of the virtual threads found on them share. The
 * <em>site</em> of the starvation is the innermost application frame of such a thread:
 * not the JDK's, not tpool's, not a framework's. Each site is logged as one WARN line at
 * most once a minute, saying which of the three signals fired, each episode is counted
 * once per site in the {@value #STARVATIONS_METER} counter (tag {@code site}, at most 100
 * sites, the rest as {@code other}, unnamed ones as {@code unknown}), and
 * {@link #findings()} lists the sites. Before JDK 24, JFR's
 * {@code jdk.VirtualThreadPinned} events, each a virtual thread pinned to its carrier for
 * at least the threshold, feed the same report.
 * <p>
 * Micrometer need not be on the class path when no {@link MeterRegistry} is given.
 */
public class CarrierWatchdog implements SmartLifecycle {

	/**
	 * The threshold unless configured: how long a virtual thread may keep its carrier, or
	 * the carriers may stay blocked or in native code, while other virtual threads wait.
	 */
	public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(200);

	/** The counter of starvation episodes, tagged with their {@code site}. */
	public static final String STARVATIONS_METER = "tpool.watchdog.starvations";

	static final String THREAD_NAME = "tpool-watchdog";

	static final Duration MINIMUM_SAMPLE_PERIOD = Duration.ofMillis(10);

	static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CarrierWatchdog.class);

	private final Duration threshold;

	private final Duration samplePeriod;

	private final Source source;

	private final StarvationReporter reporter;

	private final boolean metered;

	private final Object lifecycleMonitor = new Object();

	/** Guarded by {@link #lifecycleMonitor}. */
	private @Nullable Thread thread;

	/** Guarded by {@link #lifecycleMonitor}. */
	private @Nullable StarvationDetector detector;

	/**
	 * Creates a watchdog that uses the best source this JVM has.
	 * @param threshold how long a virtual thread may keep its carrier, or the carriers
	 * may stay blocked or in native code, while other virtual threads wait before a
	 * report; positive
	 * @param meterRegistry where to count episodes, or {@code null}
	 */
	public CarrierWatchdog(Duration threshold, @Nullable MeterRegistry meterRegistry) {
		this(threshold, meterRegistry, availableSource());
	}

	CarrierWatchdog(Duration threshold, @Nullable MeterRegistry meterRegistry, Source source) {
		this.threshold = checkThreshold(threshold);
		Duration quarter = threshold.dividedBy(4);
		this.samplePeriod = (quarter.compareTo(MINIMUM_SAMPLE_PERIOD) < 0) ? MINIMUM_SAMPLE_PERIOD : quarter;
		this.source = source;
		this.metered = meterRegistry != null;
		Consumer<String> episodeCounter = (meterRegistry != null) ? new StarvationCounter(meterRegistry) : (site) -> {
		};
		this.reporter = new StarvationReporter(new ApplicationFrames(), logger, Clock.systemUTC(), REPORT_INTERVAL,
				episodeCounter);
	}

	/**
	 * Checks a threshold: it must be positive.
	 * @param threshold the threshold
	 * @return the threshold
	 * @throws IllegalArgumentException when it is zero or negative
	 * @since 0.2.0
	 */
	public static Duration checkThreshold(Duration threshold) {
		if (!threshold.isPositive()) {
			throw new IllegalArgumentException("The watchdog's threshold must be positive, but was " + threshold);
		}
		return threshold;
	}

	/**
	 * The source this JVM offers: the scheduler MXBean from JDK 24, JFR before.
	 * @return the source, {@link Source#NONE} when the JVM has neither
	 */
	public static Source availableSource() {
		if (SchedulerProbe.find() != null) {
			return Source.SCHEDULER_MXBEAN;
		}
		try {
			return PinnedEventStream.isAvailable() ? Source.JFR : Source.NONE;
		}
		catch (LinkageError ex) {
			return Source.NONE;
		}
	}

	/**
	 * Starts the watchdog's thread; does nothing if it runs or if the JVM offers no
	 * source.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.thread != null) {
				return;
			}
			StarvationDetector detector = createDetector();
			if (detector == null) {
				return;
			}
			Thread thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(() -> watch(detector));
			this.detector = detector;
			this.thread = thread;
			thread.start();
		}
	}

	private @Nullable StarvationDetector createDetector() {
		try {
			return switch (this.source) {
				case SCHEDULER_MXBEAN -> createSampler();
				case JFR -> new PinnedEventStream(this.threshold, this.reporter);
				case NONE -> {
					logger
						.info("Carrier watchdog off: this JVM has neither the virtual thread scheduler MXBean nor JFR");
					yield null;
				}
			};
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warn("Carrier watchdog off: its source " + this.source + " could not start", ex);
			return null;
		}
	}

	private StarvationDetector createSampler() {
		SchedulerProbe probe = SchedulerProbe.find();
		if (probe == null) {
			throw new IllegalStateException("No " + SchedulerProbe.MXBEAN_CLASS_NAME + " in this JVM");
		}
		return new SchedulerSampler(probe, CarrierHolderDump.create(), CarrierCpuTime.ofThisJvm(),
				CarrierNativeCode.ofThisJvm(), this.threshold, this.samplePeriod, this.reporter, logger);
	}

	private void watch(StarvationDetector detector) {
		try {
			detector.run();
		}
		catch (RuntimeException | Error ex) {
			logger.warn("Carrier watchdog stopped by a failure", ex);
		}
	}

	/**
	 * Stops the watchdog's thread and waits for it to end; does nothing if it does not
	 * run. Its findings stay.
	 */
	@Override
	public void stop() {
		Thread thread;
		StarvationDetector detector;
		synchronized (this.lifecycleMonitor) {
			thread = this.thread;
			detector = this.detector;
			this.thread = null;
			this.detector = null;
		}
		if (thread == null || detector == null) {
			return;
		}
		detector.close();
		thread.interrupt();
		try {
			if (!thread.join(STOP_TIMEOUT)) {
				logger.warn("Carrier watchdog thread did not end within " + STOP_TIMEOUT.toSeconds() + " s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether the watchdog's thread runs.
	 * @return whether it watches
	 */
	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.thread != null && this.thread.isAlive();
		}
	}

	/**
	 * The sites found so far, those with the most episodes first.
	 * @return an immutable snapshot
	 */
	public List<StarvationFinding> findings() {
		return this.reporter.findings();
	}

	/**
	 * Where this watchdog learns of starvation.
	 * @return the source; {@link Source#NONE} when it cannot watch
	 */
	public Source source() {
		return this.source;
	}

	/**
	 * How long a virtual thread may keep its carrier, or the carriers may stay blocked or
	 * in native code, while other virtual threads wait before a report.
	 * @return the threshold
	 */
	public Duration threshold() {
		return this.threshold;
	}

	/**
	 * How often the scheduler is sampled (with {@link Source#SCHEDULER_MXBEAN}).
	 * @return a quarter of the threshold, at least 10 ms
	 */
	public Duration samplePeriod() {
		return this.samplePeriod;
	}

	/**
	 * Whether episodes are counted in a meter registry, for tests.
	 * @return whether the watchdog was given one
	 */
	boolean isMetered() {
		return this.metered;
	}

	/**
	 * The watchdog's thread, for tests.
	 * @return the thread while it runs
	 */
	@Nullable Thread thread() {
		synchronized (this.lifecycleMonitor) {
			return this.thread;
		}
	}

	/**
	 * Where the watchdog learns of starvation.
	 */
	public enum Source {

		/**
		 * JDK 24's {@code jdk.management.VirtualThreadSchedulerMXBean}, sampled, and a
		 * JSON thread dump when carriers stay starved: sees native calls, CPU loops and
		 * pinning alike.
		 */
		SCHEDULER_MXBEAN,

		/**
		 * JFR's {@code jdk.VirtualThreadPinned} events (JDK 21 to 23): sees virtual
		 * threads that block while pinned, not those that keep a carrier without
		 * blocking.
		 */
		JFR,

		/**
		 * Neither: the watchdog does not run.
		 */
		NONE

	}

}
