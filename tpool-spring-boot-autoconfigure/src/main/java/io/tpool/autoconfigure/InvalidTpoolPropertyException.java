package io.tpool.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * A tpool setting with a value that the pool cannot work with; reported by
 * {@link InvalidTpoolPropertyFailureAnalyzer}.
 *
 * @author tpool
 */
class InvalidTpoolPropertyException extends RuntimeException {

	private final String action;

	InvalidTpoolPropertyException(String setting, String value, String reason, String action, @Nullable Origin origin) {
		super("The tpool setting " + setting + " is '" + value + "'"
				+ ((origin != null) ? " (from " + origin + ")" : "") + ", but " + reason + ".");
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}
