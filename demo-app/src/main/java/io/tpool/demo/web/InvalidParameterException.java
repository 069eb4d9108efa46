package io.tpool.demo.web;

/**
 * A request parameter whose value is out of its range; answered with {@code 400}.
 *
 * @since 0.1.0
 */
public class InvalidParameterException extends RuntimeException {

	private final String parameter;

	private final String value;

	InvalidParameterException(String parameter, String value, String message) {
		super(message);
		this.parameter = parameter;
		this.value = value;
	}

	/**
	 * Checks that a parameter lies within its range.
	 * @param parameter the parameter's name
	 * @param value its value
	 * @param min the smallest value allowed
	 * @param max the largest value allowed
	 * @return the value
	 * @throws InvalidParameterException if it is out of range
	 */
	public static int requireBetween(String parameter, int value, int min, int max) {
		if (value < min) {
			throw new InvalidParameterException(parameter, Integer.toString(value), "Parameter '%s' must %s, was %d."
				.formatted(parameter, (min == 0) ? "not be negative" : "be at least " + min, value));
		}
		if (value > max) {
			throw new InvalidParameterException(parameter, Integer.toString(value),
					"Parameter '%s' must be at most %d, was %d.".formatted(parameter, max, value));
		}
		return value;
	}

	/**
	 * The name of the parameter.
	 * @return the name
	 */
	public String getParameter() {
		return this.parameter;
	}

	/**
	 * The value it was given.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

}
