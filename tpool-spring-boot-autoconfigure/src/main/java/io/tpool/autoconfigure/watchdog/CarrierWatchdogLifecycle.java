package io.tpool.autoconfigure.watchdog;

import io.tpool.watchdog.CarrierWatchdog;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link CarrierWatchdog} with the application context and stops
 * it, and withdraws its compensation, when the context closes.
 *
 * @since 0.3.0
 */
public class CarrierWatchdogLifecycle implements SmartLifecycle {

	private final CarrierWatchdog watchdog;

	private volatile boolean running;

	/**
	 * Creates the lifecycle of a watchdog.
	 * @param watchdog the watchdog
	 */
	public CarrierWatchdogLifecycle(CarrierWatchdog watchdog) {
		this.watchdog = watchdog;
	}

	@Override
	public void start() {
		this.watchdog.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.watchdog.stop();
	}

	/**
	 * Whether it was started and not stopped: a watchdog that the JVM cannot run (no
	 * source) still counts as started, so that stopping it is never skipped.
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

}
