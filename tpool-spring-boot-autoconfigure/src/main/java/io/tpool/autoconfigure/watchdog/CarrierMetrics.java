package io.tpool.autoconfigure.watchdog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tpool.watchdog.CarrierWatchdog;

/**
 * The meters of carrier compensation: {@value #EXTRA_METER}, the carriers it adds now,
 * and {@value #COMPENSATIONS_METER}, the carriers it has added, ever.
 *
 * @since 0.3.0
 */
public class CarrierMetrics implements MeterBinder {

	/** The gauge of the carriers that compensation adds now. */
	public static final String EXTRA_METER = "tpool.carriers.extra";

	/** The counter of the carriers that compensation added. */
	public static final String COMPENSATIONS_METER = "tpool.carriers.compensations";

	private final CarrierWatchdog watchdog;

	/**
	 * Creates the meters of a watchdog's compensation.
	 * @param watchdog the watchdog
	 */
	public CarrierMetrics(CarrierWatchdog watchdog) {
		this.watchdog = watchdog;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(EXTRA_METER, this.watchdog, (watchdog) -> watchdog.carriers().extra())
			.description("Carriers of virtual threads that compensation adds now, one for each carrier held")
			.register(registry);
		FunctionCounter.builder(COMPENSATIONS_METER, this.watchdog, (watchdog) -> watchdog.carriers().compensations())
			.description("Carriers of virtual threads that compensation added, each time one was added")
			.register(registry);
	}

}
