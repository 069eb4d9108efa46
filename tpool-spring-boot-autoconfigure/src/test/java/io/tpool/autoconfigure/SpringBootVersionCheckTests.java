package io.tpool.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link SpringBootVersionCheck} and {@link TpoolStartupFailureAnalyzer}. The
 * check on a real Spring Boot 3 application runs in the
 * {@code spring-boot-3-compatibility-tests} module.
 */
class SpringBootVersionCheckTests {

	@Test
	void springBootThreeIsRefusedNamingTheVersionFoundAndTheOneRequired() {
		IncompatibleSpringBootVersionException ex = catchThrowableOfType(IncompatibleSpringBootVersionException.class,
				() -> SpringBootVersionCheck.check("3.5.7"));
		assertThat(ex)
			.hasMessage("tpool requires Spring Boot 4.0 or later, but this application runs on Spring Boot 3.5.7.");
	}

	@Test
	void springBootFourAndLaterArePassed() {
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("4.0.0"));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("4.1.0-SNAPSHOT"));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("10.0.1"));
	}

	@Test
	void unknownVersionIsPassed() {
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check(null));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check("unknown"));
	}

	@Test
	void theSpringBootThisBuildRunsOnIsPassed() {
		assertThatNoException().isThrownBy(() -> SpringBootVersionCheck.check(SpringBootVersion.getVersion()));
	}

	@Test
	void failureAnalysisSaysWhatToUpgradeTo() {
		FailureAnalysis analysis = new TpoolStartupFailureAnalyzer()
			.analyze(new IllegalStateException(new IncompatibleSpringBootVersionException("3.5.7", "4.0")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Spring Boot 3.5.7").contains("Spring Boot 4.0 or later");
		assertThat(analysis.getAction()).isEqualTo(
				"Upgrade the application to Spring Boot 4.0 or later, or remove tpool-spring-boot-starter from its dependencies.");
	}

}
