package io.tpool.autoconfigure.watchdog;

import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts starvation episodes per site in Micrometer. Kept apart from the
 * auto-configuration so that the watchdog runs without Micrometer.
 *
 * @since 0.1.0
 */
final class StarvationCounter implements Consumer<String> {

	private final MeterRegistry registry;

	StarvationCounter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void accept(String site) {
		Counter.builder(TpoolWatchdogAutoConfiguration.STARVATIONS_METER)
			.description("Episodes in which a virtual thread kept its carrier past the watchdog's threshold, "
					+ "or the carriers stayed blocked that long, while others waited, by the application code "
					+ "that held the carriers")
			.tag("site", site)
			.register(this.registry)
			.increment();
	}

}
