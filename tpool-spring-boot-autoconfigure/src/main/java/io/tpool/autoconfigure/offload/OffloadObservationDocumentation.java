package io.tpool.autoconfigure.offload;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of an offloaded call: each call through an {@code @Offload} bean or a
 * bean named under {@code tpool.proxies}, from the caller's hand-off to its answer. With
 * tracing it is a span between the caller's span and those opened inside the call, which
 * runs on a pool thread where the observation is current.
 *
 * @since 0.2.0
 */
public enum OffloadObservationDocumentation implements ObservationDocumentation {

	/**
	 * An offloaded call.
	 */
	OFFLOAD {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultOffloadObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality key names of {@link #OFFLOAD}.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The name of the pool the call runs on. */
		POOL {
			@Override
			public String asString() {
				return "tpool.pool";
			}
		},

		/** The class of the offloaded bean. */
		CODE_NAMESPACE {
			@Override
			public String asString() {
				return "code.namespace";
			}
		},

		/** The method called. */
		CODE_FUNCTION {
			@Override
			public String asString() {
				return "code.function";
			}
		},

		/**
		 * The simple name of the exception the call threw, {@code none} if it threw none.
		 */
		EXCEPTION {
			@Override
			public String asString() {
				return "exception";
			}
		}

	}

}
