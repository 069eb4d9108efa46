package io.tpool.watchdog;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.tpool.scheduler.VirtualThreadScheduler;
import org.jspecify.annotations.Nullable;

/**
 * Watches for virtual threads that keep their carriers past a threshold while other
 * virtual threads wait (blocking native calls, CPU loops, blocking class initializers),
 * and for carriers that stay blocked behind, or held in native code by, the virtual
 * threads they carry, even short ones, and names the application code they run, so that
 * it can be moved to a pool of platform threads. Carriers kept busy computing in Java by
 * many short tasks, each of which gives its carrier back within the threshold, are
 * saturation, not starvation: no finding. Where compensation is on, it also adds a
 * carrier for each carrier that a virtual thread has held for the compensation's delay
 * while others waited, and takes them away once the holds end.
 * <p>
 * On JDK 24 and later one platform daemon thread samples the virtual thread scheduler's
 * MXBean every quarter of the threshold (and of the compensation's delay), at most every
 * 5 ms. Once every carrier has stayed taken while virtual threads wait for half the
 * threshold, it takes JSON thread dumps half a threshold apart and reads the carriers'
 * CPU time and whether they are in native code. It reports the virtual threads that the
 * dumps found on the same carrier over at least the threshold, or, when the carriers
 * spent under 3% of at least the threshold on a CPU, or were found in native code by more
 * than half of the readings over at least the threshold, the site most of the virtual
 * threads found on them share. The <em>site</em> is the application code that held the
 * carrier: the innermost frame of the application's own code, not the JDK's, not tpool's,
 * not a framework's or a library's; where a library's native method held it, the
 * application frame that called into the library, with the native method as its detail.
 * Each site is logged as one WARN line at most once a minute, saying which of the three
 * signals fired, each episode is counted once per site by the episode counter (at most
 * 100 sites, the rest as {@value StarvationFinding#OTHER_SITE}, unnamed ones as
 * {@code unknown}), and {@link #findings()} lists the sites. Before JDK 24, JFR's
 * {@code jdk.VirtualThreadPinned} events, each a virtual thread pinned to its carrier for
 * at least the threshold, feed the same report, and there is no compensation.
 * <p>
 * A plain-Java application starts one and closes it:
 *
 * <pre class="code">
 * CarrierWatchdog watchdog = CarrierWatchdog.builder()
 *     .applicationPackages("com.example")
 *     .compensation(true)
 *     .build();
 * watchdog.start();
 * ...
 * watchdog.close();
 * </pre>
 *
 * @since 0.1.0
 */
public final class CarrierWatchdog implements AutoCloseable {

	/**
	 * The threshold unless configured: how long a virtual thread may keep its carrier, or
	 * the carriers may stay blocked or in native code, while other virtual threads wait.
	 */
	public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(200);

	/**
	 * How long a virtual thread may hold a carrier while others wait before compensation
	 * adds one, unless configured. Measured on 2 cores with 200 concurrent 50 ms native
	 * calls made directly: 10 ms ended them in 0.77 s (0.50 s offloaded, 5.0 s without
	 * compensation); 50 ms added no carrier at all, the calls being no longer than the
	 * delay; 5 ms was 14% faster for 28% more CPU.
	 * @since 0.3.0
	 */
	public static final Duration DEFAULT_COMPENSATE_AFTER = Duration.ofMillis(10);

	/**
	 * The most carriers compensation adds above the parallelism it found, unless
	 * configured.
	 * @since 0.3.0
	 */
	public static final int DEFAULT_MAX_EXTRA_CARRIERS = 16;

	/**
	 * The most extra carriers that can be configured.
	 * @since 0.3.0
	 */
	public static final int MAX_EXTRA_CARRIERS = 256;

	/**
	 * What the WARN lines advise unless configured.
	 * @since 0.3.0
	 */
	public static final String DEFAULT_ADVICE = "Run this call on a pool of platform threads: "
			+ "Tpool.execute(...) of io.tpool, or with tpool's Spring Boot starter @io.tpool.Offload on the "
			+ "calling bean method, or tpool.proxies.<bean-name> for a bean you cannot annotate.";

	static final String THREAD_NAME = "tpool-watchdog";

	static final Duration MINIMUM_SAMPLE_PERIOD = Duration.ofMillis(5);

	static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final Duration threshold;

	private final Duration samplePeriod;

	private final Source source;

	private final StarvationReporter reporter;

	private final Logger logger;

	private volatile boolean compensationEnabled;

	private final Duration compensateAfter;

	private final int maxExtraCarriers;

	private final Object lifecycleMonitor = new Object();

	/** Guarded by {@link #lifecycleMonitor}. */
	private @Nullable Thread thread;

	/** Guarded by {@link #lifecycleMonitor}. */
	private @Nullable StarvationDetector detector;

	/** Guarded by {@link #lifecycleMonitor}. */
	private @Nullable Compensation compensation;

	private CarrierWatchdog(Builder builder, Source source) {
		this.threshold = builder.threshold;
		this.compensationEnabled = builder.compensation;
		this.compensateAfter = builder.compensateAfter;
		this.maxExtraCarriers = builder.maxExtraCarriers;
		// Compensation may be switched on while the watchdog runs.
		Duration quarter = this.threshold.dividedBy(4);
		if (this.compensateAfter.dividedBy(4).compareTo(quarter) < 0) {
			quarter = this.compensateAfter.dividedBy(4);
		}
		this.samplePeriod = (quarter.compareTo(MINIMUM_SAMPLE_PERIOD) < 0) ? MINIMUM_SAMPLE_PERIOD : quarter;
		this.source = source;
		this.logger = builder.logger;
		this.reporter = new StarvationReporter(
				new ApplicationFrames(builder.applicationPackages, builder.integrationClasses, builder.classLoader),
				builder.logger, Clock.systemUTC(), REPORT_INTERVAL, builder.episodeCounter, builder.advice,
				builder.countedIn);
	}

	/**
	 * A builder with every setting at its default.
	 * @return a new builder
	 * @since 0.3.0
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The source this JVM offers: the scheduler MXBean from JDK 24, JFR before.
	 * @return the source, {@link Source#NONE} when the JVM has neither
	 */
	public static Source availableSource() {
		if (VirtualThreadScheduler.get() != null) {
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
	 * Starts the watchdog's thread, and its compensation where it is on and the JVM can;
	 * does nothing if it runs or if the JVM offers no source.
	 */
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.thread != null) {
				return;
			}
			Compensation compensation = createCompensation();
			StarvationDetector detector = createDetector(compensation);
			if (detector == null) {
				if (compensation != null) {
					compensation.close();
				}
				return;
			}
			Thread thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(() -> watch(detector));
			this.detector = detector;
			this.compensation = compensation;
			this.thread = thread;
			thread.start();
		}
	}

	/**
	 * Switches compensation on or off, at once where the watchdog runs: switched off, the
	 * carriers it added go (the last compensating watchdog of the JVM restores the
	 * parallelism the first one found).
	 * @param enabled whether to compensate
	 * @since 0.3.0
	 */
	public void setCompensationEnabled(boolean enabled) {
		Compensation closing = null;
		synchronized (this.lifecycleMonitor) {
			if (this.compensationEnabled == enabled) {
				return;
			}
			this.compensationEnabled = enabled;
			if (this.thread == null || !(this.detector instanceof SchedulerSampler sampler)) {
				return;
			}
			if (enabled) {
				Compensation compensation = createCompensation();
				this.compensation = compensation;
				sampler.setCompensation(compensation);
			}
			else {
				closing = this.compensation;
				this.compensation = null;
				sampler.setCompensation(null);
			}
		}
		if (closing != null) {
			closing.close();
		}
	}

	private @Nullable Compensation createCompensation() {
		if (!this.compensationEnabled) {
			return null;
		}
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		if (scheduler == null) {
			this.logger.log(Level.INFO, "Carrier compensation off: this JVM has no "
					+ VirtualThreadScheduler.MXBEAN_CLASS_NAME + " (JDK 24 and later), whose parallelism it raises");
			return null;
		}
		return new Compensation(CarrierThreads.ofThisJvm(),
				CarrierCompensator.register(scheduler, this.maxExtraCarriers), this.compensateAfter.toNanos());
	}

	private @Nullable StarvationDetector createDetector(@Nullable Compensation compensation) {
		try {
			return switch (this.source) {
				case SCHEDULER_MXBEAN -> createSampler(compensation);
				case JFR -> new PinnedEventStream(this.threshold, this.reporter);
				case NONE -> {
					this.logger.log(Level.INFO,
							"Carrier watchdog off: this JVM has neither the virtual thread scheduler MXBean nor JFR");
					yield null;
				}
			};
		}
		catch (RuntimeException | LinkageError ex) {
			this.logger.log(Level.WARNING, "Carrier watchdog off: its source " + this.source + " could not start", ex);
			return null;
		}
	}

	private StarvationDetector createSampler(@Nullable Compensation compensation) {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		if (scheduler == null) {
			throw new IllegalStateException("No " + VirtualThreadScheduler.MXBEAN_CLASS_NAME + " in this JVM");
		}
		return new SchedulerSampler(scheduler, CarrierHolderDump.create(), CarrierCpuTime.ofThisJvm(),
				CarrierNativeCode.ofThisJvm(), CarrierThreads.ofThisJvm(), this.threshold, this.samplePeriod,
				this.reporter, this.logger, compensation);
	}

	private void watch(StarvationDetector detector) {
		try {
			detector.run();
		}
		catch (RuntimeException | Error ex) {
			this.logger.log(Level.WARNING, "Carrier watchdog stopped by a failure", ex);
		}
	}

	/**
	 * Stops the watchdog's thread and waits for it to end, and withdraws its compensation
	 * (the last compensating watchdog of the JVM restores the parallelism the first one
	 * found); does nothing if it does not run. Its findings stay.
	 */
	public void stop() {
		Thread thread;
		StarvationDetector detector;
		Compensation compensation;
		synchronized (this.lifecycleMonitor) {
			thread = this.thread;
			detector = this.detector;
			compensation = this.compensation;
			this.thread = null;
			this.detector = null;
			this.compensation = null;
		}
		if (thread == null || detector == null) {
			return;
		}
		detector.close();
		thread.interrupt();
		try {
			if (!thread.join(STOP_TIMEOUT)) {
				this.logger.log(Level.WARNING,
						"Carrier watchdog thread did not end within " + STOP_TIMEOUT.toSeconds() + " s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (compensation != null) {
				compensation.close();
			}
		}
	}

	/**
	 * Stops the watchdog, as {@link #stop()} does.
	 * @since 0.3.0
	 */
	@Override
	public void close() {
		stop();
	}

	/**
	 * Whether the watchdog's thread runs.
	 * @return whether it watches
	 */
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
	 * The carriers of virtual threads, and what compensation added.
	 * @return the state now
	 * @since 0.3.0
	 */
	public CarrierState carriers() {
		Compensation compensation;
		synchronized (this.lifecycleMonitor) {
			compensation = this.compensation;
		}
		if (compensation != null) {
			return compensation.state();
		}
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		int parallelism = (scheduler != null) ? scheduler.parallelism() : -1;
		return new CarrierState(parallelism, parallelism, 0, 0, false, 0);
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
	 * @return a quarter of the threshold, or of the compensation's delay where it is
	 * shorter (whether or not compensation is on, since it may be switched on), at least
	 * 5 ms
	 */
	public Duration samplePeriod() {
		return this.samplePeriod;
	}

	/**
	 * Whether compensation is asked for, from the builder or
	 * {@link #setCompensationEnabled(boolean)}; whether it runs depends on the JVM (see
	 * {@link #carriers()}).
	 * @return whether compensation is on
	 * @since 0.3.0
	 */
	public boolean isCompensationEnabled() {
		return this.compensationEnabled;
	}

	/**
	 * How long a virtual thread must hold a carrier while others wait before compensation
	 * adds one.
	 * @return the delay
	 * @since 0.3.0
	 */
	public Duration compensateAfter() {
		return this.compensateAfter;
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

	/**
	 * Builds a {@link CarrierWatchdog}. Each setter validates its value, throwing an
	 * {@link IllegalArgumentException} that names the setting and the value.
	 *
	 * @since 0.3.0
	 */
	public static final class Builder {

		private Duration threshold = DEFAULT_THRESHOLD;

		private List<String> applicationPackages = List.of();

		private List<Class<?>> integrationClasses = List.of();

		private ClassLoader classLoader = CarrierWatchdog.class.getClassLoader();

		private Logger logger = System.getLogger(CarrierWatchdog.class.getName());

		private Consumer<String> episodeCounter = (site) -> {
		};

		private @Nullable String countedIn;

		private String advice = DEFAULT_ADVICE;

		private boolean compensation;

		private Duration compensateAfter = DEFAULT_COMPENSATE_AFTER;

		private int maxExtraCarriers = DEFAULT_MAX_EXTRA_CARRIERS;

		private @Nullable Source source;

		private Builder() {
		}

		/**
		 * How long a virtual thread may keep its carrier, or the carriers may stay
		 * blocked or in native code, while other virtual threads wait before a report.
		 * Default 200 ms.
		 * @param threshold the threshold, positive
		 * @return this builder
		 */
		public Builder threshold(Duration threshold) {
			this.threshold = requirePositive("threshold", threshold);
			return this;
		}

		/**
		 * The packages of the application's own code, such as {@code com.example}: a site
		 * is a frame of a class in one of them. Unset, the application's own code is what
		 * was not loaded from a jar.
		 * @param packages the packages
		 * @return this builder
		 */
		public Builder applicationPackages(String... packages) {
			return applicationPackages(List.of(packages));
		}

		/**
		 * The packages of the application's own code, as
		 * {@link #applicationPackages(String...)}.
		 * @param packages the packages
		 * @return this builder
		 */
		public Builder applicationPackages(Collection<String> packages) {
			this.applicationPackages = List.copyOf(packages);
			return this;
		}

		/**
		 * Classes of tpool's integrations, such as its Spring Boot auto-configuration:
		 * the classes that come from where they come from are tpool's own code, never a
		 * site.
		 * @param classes the classes
		 * @return this builder
		 */
		public Builder integrationClasses(Class<?>... classes) {
			this.integrationClasses = List.of(classes);
			return this;
		}

		/**
		 * Where the classes that frames name are looked up, to tell where they come from.
		 * Default: the class loader of this engine.
		 * @param classLoader the class loader
		 * @return this builder
		 */
		public Builder classLoader(ClassLoader classLoader) {
			this.classLoader = Objects.requireNonNull(classLoader, "classLoader must not be null");
			return this;
		}

		/**
		 * Where the WARN lines and the few INFO lines go. Default: the
		 * {@link System.Logger} named after this class.
		 * @param logger the logger
		 * @return this builder
		 */
		public Builder logger(Logger logger) {
			this.logger = Objects.requireNonNull(logger, "logger must not be null");
			return this;
		}

		/**
		 * Told of each starvation episode, once for each site that held a carrier in it:
		 * the site as {@code class.method}, {@value StarvationFinding#OTHER_SITE} beyond
		 * 100 sites, {@code unknown} for an episode whose holders had no frame to name.
		 * @param episodeCounter the counter, called on the watchdog's thread
		 * @param meterName the name under which the counter counts them, which the WARN
		 * lines give, or {@code null}
		 * @return this builder
		 */
		public Builder episodeCounter(Consumer<String> episodeCounter, @Nullable String meterName) {
			this.episodeCounter = Objects.requireNonNull(episodeCounter, "episodeCounter must not be null");
			this.countedIn = meterName;
			return this;
		}

		/**
		 * What the WARN lines advise to do about a site, a sentence or two. Default:
		 * {@value #DEFAULT_ADVICE}
		 * @param advice the advice
		 * @return this builder
		 */
		public Builder advice(String advice) {
			this.advice = Objects.requireNonNull(advice, "advice must not be null");
			return this;
		}

		/**
		 * Whether to add a carrier for each carrier that a virtual thread has held for
		 * {@link #compensateAfter(Duration)} while others waited, up to
		 * {@link #maxExtraCarriers(int)} above the parallelism found, and to take them
		 * away once the holds end. Default: off. Needs JDK 24 or later; elsewhere one
		 * INFO line says that it is off.
		 * @param compensation whether to compensate
		 * @return this builder
		 */
		public Builder compensation(boolean compensation) {
			this.compensation = compensation;
			return this;
		}

		/**
		 * How long a virtual thread must hold a carrier while others wait before
		 * compensation adds one. Default 10 ms; at most the threshold, which
		 * {@link #build()} checks where compensation is on.
		 * @param after the delay, positive
		 * @return this builder
		 */
		public Builder compensateAfter(Duration after) {
			this.compensateAfter = requirePositive("compensateAfter", after);
			return this;
		}

		/**
		 * The most carriers compensation adds above the parallelism it found. Default
		 * {@value #DEFAULT_MAX_EXTRA_CARRIERS}.
		 * @param maxExtraCarriers from 1 to {@value #MAX_EXTRA_CARRIERS}
		 * @return this builder
		 */
		public Builder maxExtraCarriers(int maxExtraCarriers) {
			if (maxExtraCarriers < 1 || maxExtraCarriers > MAX_EXTRA_CARRIERS) {
				throw new IllegalArgumentException(
						"maxExtraCarriers must be from 1 to " + MAX_EXTRA_CARRIERS + ", but was " + maxExtraCarriers);
			}
			this.maxExtraCarriers = maxExtraCarriers;
			return this;
		}

		/**
		 * The source to use rather than the best this JVM offers, for tests.
		 * @param source the source
		 * @return this builder
		 */
		Builder source(Source source) {
			this.source = source;
			return this;
		}

		/**
		 * Builds the watchdog, which watches once started.
		 * @return the watchdog
		 * @throws IllegalArgumentException if compensation is on and its delay exceeds
		 * the threshold
		 */
		public CarrierWatchdog build() {
			if (this.compensation && this.compensateAfter.compareTo(this.threshold) > 0) {
				throw new IllegalArgumentException("compensateAfter must be at most the threshold (" + this.threshold
						+ "), but was " + this.compensateAfter);
			}
			return new CarrierWatchdog(this, (this.source != null) ? this.source : availableSource());
		}

		private static Duration requirePositive(String setting, Duration value) {
			Objects.requireNonNull(value, () -> setting + " must not be null");
			if (!value.isPositive()) {
				throw new IllegalArgumentException(setting + " must be positive, but was " + value);
			}
			return value;
		}

	}

}
