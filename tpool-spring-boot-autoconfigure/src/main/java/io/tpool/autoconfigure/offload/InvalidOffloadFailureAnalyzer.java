package io.tpool.autoconfigure.offload;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidOffloadException} in Spring Boot's failure report.
 */
class InvalidOffloadFailureAnalyzer extends AbstractFailureAnalyzer<InvalidOffloadException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidOffloadException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
