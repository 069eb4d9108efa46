package io.tpool.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Why an application cannot start with tpool as it is set up, told in Spring Boot's
 * failure report by {@link TpoolStartupFailureAnalyzer}: the message is the report's
 * description (what is wrong, naming the setting, its value and where it came from), and
 * {@link #getAction()} its action (what to do about it).
 *
 * @since 0.3.0
 */
public abstract class TpoolStartupException extends RuntimeException {

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to do about it
	 * @param cause the failure that revealed it, if any
	 */
	protected TpoolStartupException(String description, String action, @Nullable Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/**
	 * What is wrong, the failure report's description.
	 * @return the description
	 */
	public String getDescription() {
		String message = getMessage();
		return (message != null) ? message : "";
	}

	/**
	 * What to do about it, the failure report's action.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
