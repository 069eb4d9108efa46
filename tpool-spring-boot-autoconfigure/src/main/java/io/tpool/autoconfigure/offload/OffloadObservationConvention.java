package io.tpool.autoconfigure.offload;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@code tpool.offload} observations; an application bean
 * of this type replaces {@link DefaultOffloadObservationConvention}.
 *
 * @since 0.2.0
 */
public interface OffloadObservationConvention extends ObservationConvention<OffloadObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof OffloadObservationContext;
	}

}
