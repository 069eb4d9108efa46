package io.tpool.demo.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.watchdog.CarrierState;
import org.jspecify.annotations.Nullable;

/**
 * Runs the same load of concurrent calls from virtual threads once for each way of making
 * the call (directly, directly with carrier compensation, offloaded), and measures the
 * calls per second, how long a fresh virtual thread waits to start while the load runs,
 * and what the carriers did meanwhile. A mode with a {@link Switch} has it switched on
 * for its own runs only: on before each, off again, with the carriers back as they were,
 * before the next mode runs.
 * <p>
 * Must be called from a platform thread: it starts the probe threads while the load holds
 * the carriers.
 */
public final class Comparison {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);

	private static final int WARM_UP_CALLS = 20;

	private final int calls;

	private final List<Mode> modes;

	private final Supplier<CarrierState> carriers;

	/**
	 * Create a comparison that reads the carriers from the virtual thread scheduler.
	 * @param calls the concurrent calls of each run
	 * @param modes the ways of making the call, in the order to run them
	 * @since 0.2.0
	 */
	public Comparison(int calls, List<Mode> modes) {
		this(calls, modes, Comparison::schedulerCarriers);
	}

	/**
	 * Create a comparison.
	 * @param calls the concurrent calls of each run
	 * @param modes the ways of making the call, in the order to run them
	 * @param carriers the carriers now, read while each run goes on, such as a carrier
	 * watchdog's {@code carriers()}
	 * @since 0.3.0
	 */
	public Comparison(int calls, List<Mode> modes, Supplier<CarrierState> carriers) {
		this.calls = calls;
		this.modes = List.copyOf(modes);
		this.carriers = carriers;
	}

	/**
	 * Warms every mode up, then measures a run of each; a mode that cannot run here gets
	 * a run that says why, and none of its calls is made.
	 * @return a run for each mode, in their order
	 * @throws InterruptedException if interrupted while waiting for the calls
	 */
	public List<Run> run() throws InterruptedException {
		for (Mode mode : this.modes) {
			if (mode.setting().unavailable() == null) {
				switched(mode, "warm-up", Math.min(this.calls, WARM_UP_CALLS));
			}
		}
		List<Run> runs = new ArrayList<>();
		for (Mode mode : this.modes) {
			String unavailable = mode.setting().unavailable();
			runs.add((unavailable != null) ? Run.notRun(mode.name(), this.calls, unavailable)
					: switched(mode, mode.name(), this.calls));
		}
		return List.copyOf(runs);
	}

	/** Runs a mode with its setting switched on, and off again after. */
	private Run switched(Mode mode, String name, int calls) throws InterruptedException {
		mode.setting().switchOn();
		try {
			return measure(name, mode.call(), calls);
		}
		finally {
			mode.setting().switchOff();
		}
	}

	private Run measure(String mode, Runnable call, int calls) throws InterruptedException {
		CarrierReadings readings = new CarrierReadings();
		readings.add(this.carriers.get());
		CountDownLatch done = new CountDownLatch(calls);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		Thread.Builder load = Thread.ofVirtual().name(mode + "-", 1);
		for (int i = 0; i < calls; i++) {
			load.start(() -> {
				try {
					call.run();
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
				finally {
					done.countDown();
				}
			});
		}
		ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();
		List<Thread> probes = new ArrayList<>();
		Thread.Builder probe = Thread.ofVirtual().name(mode + "-probe-", 1);
		while (!done.await(PROBE_INTERVAL.toNanos(), TimeUnit.NANOSECONDS)) {
			long started = System.nanoTime();
			probes.add(probe.start(() -> waits.add(System.nanoTime() - started)));
			readings.add(this.carriers.get());
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		readings.add(this.carriers.get());
		for (Thread thread : probes) {
			thread.join();
		}
		Throwable ex = failure.get();
		if (ex != null) {
			throw new IllegalStateException("A " + mode + " call failed", ex);
		}
		List<Long> sorted = new ArrayList<>(waits);
		Collections.sort(sorted);
		return new Run(mode, calls, elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.size(),
				readings.carriers(), null);
	}

	/**
	 * The carriers as the virtual thread scheduler has them, without compensation.
	 * @return the carriers now; a parallelism of -1 where the JVM does not tell
	 */
	static CarrierState schedulerCarriers() {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		int parallelism = (scheduler != null) ? scheduler.parallelism() : -1;
		return new CarrierState(parallelism, parallelism, 0, 0, false, 0);
	}

	private static Duration percentile(List<Long> sorted, double quantile) {
		if (sorted.isEmpty()) {
			return Duration.ZERO;
		}
		int index = (int) Math.ceil(quantile * sorted.size()) - 1;
		return Duration.ofNanos(sorted.get(Math.max(index, 0)));
	}

	/**
	 * One way of making the call.
	 *
	 * @param name what the table calls it: direct, direct, compensated, offloaded
	 * @param call the call, made once by each virtual thread of a run
	 * @param setting what is switched on for the mode's runs only
	 * @since 0.2.0
	 */
	public record Mode(String name, Runnable call, Switch setting) {

		/**
		 * A way of making the call that switches nothing on.
		 * @param name what the table calls it
		 * @param call the call, made once by each virtual thread of a run
		 */
		public Mode(String name, Runnable call) {
			this(name, call, Switch.NONE);
		}

	}

	/**
	 * What a mode switches on for its own runs, such as carrier compensation.
	 *
	 * @since 0.3.0
	 */
	public interface Switch {

		/**
		 * Nothing to switch: always available.
		 */
		Switch NONE = new Switch() {

			@Override
			public @Nullable String unavailable() {
				return null;
			}

			@Override
			public void switchOn() {
			}

			@Override
			public void switchOff() {
			}

		};

		/**
		 * Why the mode cannot run here, as its row says it.
		 * @return the reason, such as {@code n/a: needs JDK 24}, or {@code null} where it
		 * can run
		 */
		@Nullable String unavailable();

		/**
		 * Switches it on, and returns once it is on.
		 * @throws InterruptedException if interrupted while waiting for it
		 */
		void switchOn() throws InterruptedException;

		/**
		 * Switches it off, and returns once the carriers are back as they were before it
		 * was switched on.
		 * @throws InterruptedException if interrupted while waiting for them
		 */
		void switchOff() throws InterruptedException;

	}

	/**
	 * One run.
	 *
	 * @param mode direct, direct, compensated, or offloaded
	 * @param calls the concurrent calls
	 * @param elapsed from the first call's start to the last one's end
	 * @param startP50 the median wait of a fresh virtual thread while the calls ran
	 * @param startP99 the 99th percentile of that wait
	 * @param probes how many fresh virtual threads were measured
	 * @param carriers what the carriers did while the calls ran
	 * @param notRun why the mode did not run here, or {@code null} where it ran
	 */
	public record Run(String mode, int calls, Duration elapsed, Duration startP50, Duration startP99, int probes,
			Carriers carriers, @Nullable String notRun) {

		/**
		 * A run whose carriers were not read, for tables of earlier runs.
		 * @param mode direct or offloaded
		 * @param calls the concurrent calls
		 * @param elapsed from the first call's start to the last one's end
		 * @param startP50 the median wait of a fresh virtual thread while the calls ran
		 * @param startP99 the 99th percentile of that wait
		 * @param probes how many fresh virtual threads were measured
		 */
		public Run(String mode, int calls, Duration elapsed, Duration startP50, Duration startP99, int probes) {
			this(mode, calls, elapsed, startP50, startP99, probes, Carriers.UNREAD, null);
		}

		/**
		 * The row of a mode that cannot run here.
		 * @param mode the mode
		 * @param calls the concurrent calls it would have made
		 * @param reason why it cannot, such as {@code n/a: needs JDK 24}
		 * @return the run, none of whose calls was made
		 */
		public static Run notRun(String mode, int calls, String reason) {
			return new Run(mode, calls, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, Carriers.UNREAD, reason);
		}

		/**
		 * Whether the mode ran.
		 * @return {@code false} where {@link #notRun()} says why not
		 */
		public boolean ran() {
			return this.notRun == null;
		}

		/**
		 * The calls completed per second.
		 * @return calls per second, 0 where the mode did not run
		 */
		public double callsPerSecond() {
			return ran() ? this.calls / (this.elapsed.toNanos() / 1e9) : 0;
		}

	}

	/**
	 * What the carriers did during a run, read before its calls start, every 5 ms while
	 * they run, and after the last one ends.
	 *
	 * @param base the parallelism when the run started, without what compensation added
	 * @param most the most carriers the scheduler aimed for (its parallelism) at a
	 * reading; -1 where the JVM does not tell
	 * @param readings how many readings were taken
	 * @param compensating how many of them found carrier compensation on
	 * @param added the carriers that compensation added between the first reading and the
	 * last, where it was on at both; 0 otherwise
	 * @since 0.3.0
	 */
	public record Carriers(int base, int most, int readings, int compensating, long added) {

		/** The carriers of a run that did not read them. */
		public static final Carriers UNREAD = new Carriers(-1, -1, 0, 0, 0);

		/**
		 * Whether compensation was on at every reading.
		 * @return whether the run was compensated throughout
		 */
		public boolean compensatedThroughout() {
			return this.readings > 0 && this.compensating == this.readings;
		}

	}

	/**
	 * Accumulates the readings of the carriers during one run; confined to its thread.
	 */
	private static final class CarrierReadings {

		private @Nullable CarrierState first;

		private @Nullable CarrierState last;

		private int most = -1;

		private int readings;

		private int compensating;

		void add(CarrierState state) {
			if (this.first == null) {
				this.first = state;
			}
			this.last = state;
			this.most = Math.max(this.most, state.parallelism());
			this.readings++;
			if (state.compensation()) {
				this.compensating++;
			}
		}

		Carriers carriers() {
			CarrierState first = this.first;
			CarrierState last = this.last;
			if (first == null || last == null) {
				return Carriers.UNREAD;
			}
			long added = (first.compensation() && last.compensation())
					? Math.max(0, last.compensations() - first.compensations()) : 0;
			return new Carriers(first.baseParallelism(), this.most, this.readings, this.compensating, added);
		}

	}

}
