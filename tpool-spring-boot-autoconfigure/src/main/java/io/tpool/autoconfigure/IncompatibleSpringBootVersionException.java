package io.tpool.autoconfigure;

/**
 * The application runs on a Spring Boot that tpool does not support; reported by
 * {@link TpoolStartupFailureAnalyzer}.
 *
 * @since 0.2.0
 */
class IncompatibleSpringBootVersionException extends TpoolStartupException {

	IncompatibleSpringBootVersionException(String found, String required) {
		super("tpool requires Spring Boot " + required + " or later, but this application runs on Spring Boot " + found
				+ ".",
				"Upgrade the application to Spring Boot " + required
						+ " or later, or remove tpool-spring-boot-starter from its dependencies.",
				null);
	}

}
