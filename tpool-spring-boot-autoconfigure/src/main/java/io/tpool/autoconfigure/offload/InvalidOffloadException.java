package io.tpool.autoconfigure.offload;

import io.tpool.autoconfigure.TpoolStartupException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * A bean that cannot be offloaded as its {@code @Offload} annotations or its
 * {@code tpool.proxies} settings ask; reported by
 * {@link io.tpool.autoconfigure.TpoolStartupException Spring Boot's failure report}.
 */
final class InvalidOffloadException extends TpoolStartupException {

	InvalidOffloadException(String description, String action) {
		this(description, action, null);
	}

	InvalidOffloadException(String description, String action, @Nullable Throwable cause) {
		super(description, action, cause);
	}

	/**
	 * A {@code tpool.proxies} setting with a value that cannot work.
	 * @param name the setting, as written in properties files
	 * @param value its value
	 * @param origin where the value came from, if known
	 * @param reason why it cannot work
	 * @param action what to do about it
	 * @return the exception
	 */
	static InvalidOffloadException setting(String name, String value, @Nullable Origin origin, String reason,
			String action) {
		return new InvalidOffloadException("The tpool setting " + name + " is '" + value + "'"
				+ ((origin != null) ? " (from " + origin + ")" : "") + ", but " + reason + ".", action);
	}

}
