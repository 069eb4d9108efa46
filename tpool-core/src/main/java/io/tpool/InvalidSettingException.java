package io.tpool;

/**
 * A {@link Tpool.Builder} setting, or the {@value Tpool#SIZE_ENVIRONMENT_VARIABLE}
 * environment variable, with a value that a pool cannot work with. Names the setting and
 * its value, so that an integration can tell its user which of its own settings to fix.
 *
 * @since 0.2.0
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String setting;

	private final String value;

	private final String requirement;

	private final boolean environmentVariable;

	InvalidSettingException(String pool, String setting, Object value, String requirement) {
		this("tpool '" + pool + "': " + setting + " " + requirement + ", but was " + value, setting,
				String.valueOf(value), requirement, false);
	}

	private InvalidSettingException(String message, String setting, String value, String requirement,
			boolean environmentVariable) {
		super(message);
		this.setting = setting;
		this.value = value;
		this.requirement = requirement;
		this.environmentVariable = environmentVariable;
	}

	static InvalidSettingException environmentVariable(String variable, String value, String requirement) {
		return new InvalidSettingException(
				"Environment variable " + variable + " " + requirement + ", but was '" + value + "'", variable, value,
				requirement, true);
	}

	/**
	 * The setting: the name of the builder method ({@code size}, {@code queueCapacity},
	 * ...) or of the environment variable.
	 * @return the setting's name
	 */
	public String getSetting() {
		return this.setting;
	}

	/**
	 * The value refused, as text.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * What the value must be, such as {@code "must be from 1 to 10000"}.
	 * @return the requirement
	 */
	public String getRequirement() {
		return this.requirement;
	}

	/**
	 * Whether the value came from an environment variable rather than from the builder.
	 * @return whether {@link #getSetting()} names an environment variable
	 */
	public boolean isEnvironmentVariable() {
		return this.environmentVariable;
	}

}
