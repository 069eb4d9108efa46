package io.tpool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidTpoolPropertyException} in Spring Boot's failure report.
 *
 * @since 0.1.0
 */
class InvalidTpoolPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTpoolPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTpoolPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
