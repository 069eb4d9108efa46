package io.tpool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link TpoolStartupException} in Spring Boot's failure report, with its
 * description and its action. Like {@link SpringBootVersionCheck}, it uses only types
 * that Spring Boot 3 has, so that it reports an unsupported Spring Boot too.
 *
 * @since 0.3.0
 */
public class TpoolStartupFailureAnalyzer extends AbstractFailureAnalyzer<TpoolStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TpoolStartupException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
