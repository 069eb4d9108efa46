package io.tpool.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * A tpool setting with a value that the pool cannot work with; reported by
 * {@link TpoolStartupFailureAnalyzer}.
 *
 * @since 0.1.0
 */
class InvalidTpoolPropertyException extends TpoolStartupException {

	InvalidTpoolPropertyException(String setting, String value, String reason, String action, @Nullable Origin origin) {
		this(setting, value, reason, action, origin, null);
	}

	InvalidTpoolPropertyException(String setting, String value, String reason, String action, @Nullable Origin origin,
			@Nullable Throwable cause) {
		this("The tpool setting " + setting + " is '" + value + "'" + ((origin != null) ? " (from " + origin + ")" : "")
				+ ", but " + reason + ".", action, cause);
	}

	/**
	 * A setting whose fault a description says in its own words.
	 * @param description the description, naming the setting, its value and its origin
	 * @param action what to do
	 */
	InvalidTpoolPropertyException(String description, String action) {
		this(description, action, null);
	}

	private InvalidTpoolPropertyException(String description, String action, @Nullable Throwable cause) {
		super(description, action, cause);
	}

}
