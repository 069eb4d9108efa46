package io.tpool.compatibility.boot41;

import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class path on which this module runs the auto-configuration's tests: Spring Boot
 * 4.1 with the auto-configuration from this build.
 */
class ClassPathTests {

	@Test
	void springBootIs41() {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.1.");
	}

	@Test
	void autoConfigurationIsThisBuildsJar() {
		assertThat(TpoolAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation().getPath())
			.contains("tpool-spring-boot-autoconfigure");
	}

}
