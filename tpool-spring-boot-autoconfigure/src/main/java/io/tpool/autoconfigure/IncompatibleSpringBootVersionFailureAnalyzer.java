package io.tpool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link IncompatibleSpringBootVersionException} in Spring Boot's failure
 * report. Like {@link SpringBootVersionCheck}, it uses only types that Spring Boot 3 has.
 *
 * @since 0.2.0
 */
class IncompatibleSpringBootVersionFailureAnalyzer
		extends AbstractFailureAnalyzer<IncompatibleSpringBootVersionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleSpringBootVersionException cause) {
		return new FailureAnalysis(cause.getMessage(), "Upgrade the application to Spring Boot " + cause.getRequired()
				+ " or later, or remove tpool-spring-boot-starter from its dependencies.", cause);
	}

}
