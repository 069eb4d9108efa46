package io.tpool.autoconfigure.offload;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.tpool.autoconfigure.offload.OffloadObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link OffloadObservationConvention}: the observation is named
 * {@code tpool.offload}, its contextual name (a span's name) is
 * {@code offload <Class>.<method>}, and its low-cardinality key values are the pool, the
 * bean's class, the method and the exception, if any.
 *
 * @since 0.2.0
 */
public class DefaultOffloadObservationConvention implements OffloadObservationConvention {

	/** The name of the observation. */
	public static final String NAME = "tpool.offload";

	private static final KeyValue EXCEPTION_NONE = KeyValue.of(LowCardinalityKeyNames.EXCEPTION, "none");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(OffloadObservationContext context) {
		return "offload " + context.getBeanClass().getSimpleName() + "." + context.getMethod().getName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(OffloadObservationContext context) {
		Throwable error = context.getError();
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.POOL, context.getPool()),
				KeyValue.of(LowCardinalityKeyNames.CODE_NAMESPACE, context.getBeanClass().getName()),
				KeyValue.of(LowCardinalityKeyNames.CODE_FUNCTION, context.getMethod().getName()),
				(error != null) ? KeyValue.of(LowCardinalityKeyNames.EXCEPTION, error.getClass().getSimpleName())
						: EXCEPTION_NONE);
	}

}
