package io.tpool.compatibility.boot3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts {@link Boot3Application} in a child JVM on this module's class path: Spring Boot
 * 3.5 with the starter's jars from this build.
 */
class Boot3ApplicationTests {

	@Test
	void classPathIsSpringBoot35() {
		assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
	}

	@Test
	void startFailsWithAReportNamingTheSpringBootVersionFoundAndTheOneRequired(@TempDir Path temp) throws Exception {
		String found = SpringBootVersion.getVersion();
		// output to a file, so that a child that hangs fails the test rather than
		// blocking it
		Path log = temp.resolve("child.log");
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), Boot3Application.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean ended = process.waitFor(60, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String output = Files.readString(log);
		assertThat(ended).as("child JVM ended within 60 s:%n%s", output).isTrue();
		assertThat(process.exitValue()).as(output).isNotZero();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(
					"tpool requires Spring Boot 4.0 or later, but this application runs on Spring Boot " + found + ".")
			.contains("Action:")
			.contains("Upgrade the application to Spring Boot 4.0 or later")
			.doesNotContain("IllegalAccessError")
			.doesNotContain("NoClassDefFoundError")
			.doesNotContain("NoSuchMethodError");
	}

}
