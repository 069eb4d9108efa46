package io.tpool.autoconfigure;

/**
 * The application runs on a Spring Boot that tpool does not support; reported by
 * {@link IncompatibleSpringBootVersionFailureAnalyzer}.
 *
 * @since 0.2.0
 */
class IncompatibleSpringBootVersionException extends RuntimeException {

	private final String found;

	private final String required;

	IncompatibleSpringBootVersionException(String found, String required) {
		super("tpool requires Spring Boot " + required + " or later, but this application runs on Spring Boot " + found
				+ ".");
		this.found = found;
		this.required = required;
	}

	String getFound() {
		return this.found;
	}

	String getRequired() {
		return this.required;
	}

}
