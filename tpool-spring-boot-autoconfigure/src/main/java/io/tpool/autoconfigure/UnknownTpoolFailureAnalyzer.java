package io.tpool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link UnknownTpoolException} in Spring Boot's failure report.
 *
 * @since 0.2.0
 */
class UnknownTpoolFailureAnalyzer extends AbstractFailureAnalyzer<UnknownTpoolException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownTpoolException cause) {
		return new FailureAnalysis(cause.getMessage(), action(cause), cause);
	}

	private static String action(UnknownTpoolException cause) {
		String name = cause.getPoolName();
		if (name.equals(TpoolRegistry.DEFAULT_POOL)) {
			return "Mark one of the Tpool beans @Primary, or ask for a pool by its name.";
		}
		String define = "a pool named " + name + " with its settings under tpool.pools." + name
				+ ", such as tpool.pools." + name + ".size=4.";
		if (cause.getKnownPools().isEmpty()) {
			return "Define " + define;
		}
		return "Use the name of one of the pools (" + String.join(", ", cause.getKnownPools()) + "), or define "
				+ define;
	}

}
