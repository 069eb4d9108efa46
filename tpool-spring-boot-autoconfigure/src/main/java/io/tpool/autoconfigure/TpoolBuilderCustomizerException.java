package io.tpool.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TpoolBuilderCustomizer} that failed, returned no builder, or set a value that
 * the pool cannot work with; reported by {@link TpoolStartupFailureAnalyzer}.
 *
 * @since 0.3.0
 */
class TpoolBuilderCustomizerException extends TpoolStartupException {

	TpoolBuilderCustomizerException(String description, String action, @Nullable Throwable cause) {
		super(description, action, cause);
	}

}
