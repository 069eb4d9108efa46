package io.tpool.demo.compare;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.watchdog.CarrierState;
import io.tpool.watchdog.CarrierWatchdog;
import org.jspecify.annotations.Nullable;

/**
 * Switches the application's carrier watchdog's compensation on for the runs of the
 * "direct, compensated" mode only, as the dashboard's switch does: on before each run,
 * once it is on; off after it, once the scheduler's parallelism is back at what it was
 * before, so that the next mode runs on the carriers the first one had.
 *
 * @since 0.3.0
 */
final class CompensationSwitch implements Comparison.Switch {

	/** How long to wait for compensation to come on, or for the carriers to come back. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL = Duration.ofMillis(5);

	private final @Nullable CarrierWatchdog watchdog;

	private final @Nullable VirtualThreadScheduler scheduler;

	/** The parallelism before compensation was switched on, to come back to. */
	private int base = -1;

	/**
	 * Creates the switch of an application's watchdog.
	 * @param watchdog the application's carrier watchdog, {@code null} where it has none
	 * ({@code tpool.watchdog.enabled=false})
	 * @param scheduler the JVM's virtual thread scheduler, {@code null} where the JVM has
	 * no {@code jdk.management.VirtualThreadSchedulerMXBean} (before JDK 24)
	 */
	CompensationSwitch(@Nullable CarrierWatchdog watchdog, @Nullable VirtualThreadScheduler scheduler) {
		this.watchdog = watchdog;
		this.scheduler = scheduler;
	}

	@Override
	public @Nullable String unavailable() {
		if (this.scheduler == null) {
			return "n/a: needs JDK 24 (" + VirtualThreadScheduler.MXBEAN_CLASS_NAME + ", whose parallelism "
					+ "compensation raises)";
		}
		CarrierWatchdog watchdog = this.watchdog;
		if (watchdog == null) {
			return "n/a: the carrier watchdog, which compensates, is off (tpool.watchdog.enabled=false)";
		}
		if (watchdog.source() != CarrierWatchdog.Source.SCHEDULER_MXBEAN || !watchdog.isRunning()) {
			return "n/a: the carrier watchdog does not sample the scheduler here (source " + watchdog.source() + ")";
		}
		return null;
	}

	/**
	 * Switches compensation off for the rows that are not compensated, where the
	 * application's configuration switched it on, and waits for the carriers to come back
	 * to the parallelism it started from.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void offForTheOtherModes() throws InterruptedException {
		CarrierWatchdog watchdog = this.watchdog;
		if (unavailable() != null || watchdog == null || !watchdog.isCompensationEnabled()) {
			return;
		}
		this.base = watchdog.carriers().baseParallelism();
		switchOff();
	}

	@Override
	public void switchOn() throws InterruptedException {
		CarrierWatchdog watchdog = available();
		if (watchdog.isCompensationEnabled()) {
			throw new IllegalStateException(
					"Carrier compensation is on already: it must be off outside the " + "compensated mode's runs");
		}
		this.base = parallelism();
		watchdog.setCompensationEnabled(true);
		await("carrier compensation to be on", () -> watchdog.carriers().compensation());
	}

	@Override
	public void switchOff() throws InterruptedException {
		CarrierWatchdog watchdog = available();
		watchdog.setCompensationEnabled(false);
		int base = this.base;
		await("carrier compensation to be off and the parallelism back at " + base, () -> {
			CarrierState carriers = watchdog.carriers();
			return !carriers.compensation() && carriers.extra() == 0 && parallelism() == base;
		});
	}

	/**
	 * What the carriers are now, as the watchdog sees them; from the scheduler where
	 * there is no watchdog.
	 * @return the carriers now
	 */
	CarrierState carriers() {
		CarrierWatchdog watchdog = this.watchdog;
		return (watchdog != null) ? watchdog.carriers() : Comparison.schedulerCarriers();
	}

	private CarrierWatchdog available() {
		CarrierWatchdog watchdog = this.watchdog;
		String unavailable = unavailable();
		if (unavailable != null || watchdog == null) {
			throw new IllegalStateException("Carrier compensation cannot be switched: " + unavailable);
		}
		return watchdog;
	}

	private int parallelism() {
		VirtualThreadScheduler scheduler = this.scheduler;
		if (scheduler == null) {
			throw new IllegalStateException("No " + VirtualThreadScheduler.MXBEAN_CLASS_NAME + " in this JVM");
		}
		return scheduler.parallelism();
	}

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Waited " + TIMEOUT.toSeconds() + " s for " + what);
			}
			Thread.sleep(POLL);
		}
	}

}
