package io.tpool.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Stops the start of an application on a Spring Boot older than the one tpool is built
 * for, before any of tpool's configuration is loaded: registered in
 * {@code META-INF/spring.factories}, which Spring Boot 3 reads as well, and written
 * against types that Spring Boot 3 has, so that the application fails with
 * {@link TpoolStartupFailureAnalyzer}'s report rather than with a linkage error.
 *
 * @since 0.2.0
 */
class SpringBootVersionCheck implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	static final int REQUIRED_MAJOR_VERSION = 4;

	static final String REQUIRED_VERSION = REQUIRED_MAJOR_VERSION + ".0";

	@Override
	public void initialize(ConfigurableApplicationContext applicationContext) {
		check(SpringBootVersion.getVersion());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Checks a Spring Boot version.
	 * @param version the version, {@code null} when unknown (then nothing is checked)
	 * @throws IncompatibleSpringBootVersionException when it is older than
	 * {@value #REQUIRED_VERSION}
	 */
	static void check(@Nullable String version) {
		if (version != null && majorVersion(version) < REQUIRED_MAJOR_VERSION) {
			throw new IncompatibleSpringBootVersionException(version, REQUIRED_VERSION);
		}
	}

	/**
	 * The major version, or {@link Integer#MAX_VALUE} when it cannot be read, so that an
	 * unknown version is let through rather than refused.
	 */
	private static int majorVersion(String version) {
		int end = 0;
		while (end < version.length() && Character.isDigit(version.charAt(end))) {
			end++;
		}
		return (end > 0 && end < 10) ? Integer.parseInt(version.substring(0, end)) : Integer.MAX_VALUE;
	}

}
