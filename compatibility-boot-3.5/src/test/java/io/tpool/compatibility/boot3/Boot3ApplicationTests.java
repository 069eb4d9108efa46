package io.tpool.compatibility.boot3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

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
	void startFailsWithAReportNamingTheSpringBootVersionFoundAndTheOneRequired() throws Exception {
		String found = SpringBootVersion.getVersion();
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), Boot3Application.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = readAll(process);
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

	private static String readAll(Process process) throws IOException, InterruptedException {
		// read on another thread, so that a child that hangs fails the test rather than
		// blocking it
		StringBuilder output = new StringBuilder();
		Thread reader = Thread.ofVirtual().start(() -> {
			try {
				output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				output.append(ex);
			}
		});
		boolean ended = process.waitFor(60, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		reader.join(5000);
		assertThat(ended).as("child JVM ended within 60 s: %s", output).isTrue();
		return output.toString();
	}

}
