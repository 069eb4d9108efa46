package io.tpool.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full {@code SpringApplication} runs in a child JVM, for what the environment variables
 * decide: the size, and Spring Boot's failure report for a bad
 * {@code EVENTLET_THREADPOOL_SIZE}. Bad properties are reported in
 * {@link TpoolPropertyFailureReportTests}.
 */
class TpoolFailureReportTests {

	@TempDir
	Path temp;

	@Test
	void eventletThreadpoolSizeVariableSetsTheSize() throws Exception {
		Result result = run(Map.of("EVENTLET_THREADPOOL_SIZE", "7"));
		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).contains("tpool size: 7");
	}

	@Test
	void tpoolSizeVariableWinsOverEventletThreadpoolSize() throws Exception {
		Result result = run(Map.of("EVENTLET_THREADPOOL_SIZE", "7", "TPOOL_SIZE", "3"));
		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).contains("tpool size: 3");
	}

	@Test
	void namedPoolIgnoresEventletThreadpoolSizeWhichSizesTheDefaultPoolOnly() throws Exception {
		Result result = run(Map.of("EVENTLET_THREADPOOL_SIZE", "7"), "--tpool.pools.duckdb.queue-capacity=5");
		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).contains("tpool size: 7").contains("duckdb size: 20");
	}

	@Test
	void nonNumericEventletThreadpoolSizeStopsTheStartWithAFailureReport() throws Exception {
		Result result = run(Map.of("EVENTLET_THREADPOOL_SIZE", "lots"));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains("environment variable EVENTLET_THREADPOOL_SIZE is 'lots'")
			.contains("Action:")
			.contains("Set the environment variable EVENTLET_THREADPOOL_SIZE");
	}

	@Test
	void eventletThreadpoolSizeAboveTheMaximumStopsTheStartWithAFailureReport() throws Exception {
		Result result = run(Map.of("EVENTLET_THREADPOOL_SIZE", "100000"));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("The tpool setting environment variable EVENTLET_THREADPOOL_SIZE is '100000', "
					+ "but it must be a whole number from 1 to 10000.")
			.contains("Set the environment variable EVENTLET_THREADPOOL_SIZE to the number of pool threads "
					+ "(it must be a whole number from 1 to 10000), or set tpool.size, which wins over it.")
			.doesNotContain("unable to create native thread");
	}

	@Test
	void sizePropertyWinsOverABadEventletThreadpoolSize() throws Exception {
		Result result = run(Map.of("EVENTLET_THREADPOOL_SIZE", "lots"), "--tpool.size=3");
		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).contains("tpool size: 3");
	}

	@Test
	void proxyOfABeanThatDoesNotExistStopsTheStartWithAFailureReport() throws Exception {
		Result result = run(Map.of(), "--tpool.proxies.dataSauce.autowrap=java.sql.Connection");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("tpool.proxies.dataSauce.autowrap is 'java.sql.Connection' (from ")
			.contains("commandLineArgs")
			.contains("no bean of this application is named dataSauce")
			.contains("Action:")
			.contains("Use the name of an existing bean under tpool.proxies");
	}

	@Test
	void proxiedInterfaceThatDoesNotExistStopsTheStartWithAFailureReport() throws Exception {
		Result result = run(Map.of(), "--tpool.proxies.childApplication.interfaces=javax.sql.DataSorce");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("tpool.proxies.childApplication.interfaces is 'javax.sql.DataSorce' (from ")
			.contains("no class javax.sql.DataSorce is on the class path")
			.contains("Action:");
	}

	@Test
	void offloadOnAFinalMethodStopsTheStartWithAFailureReport() throws Exception {
		Result result = run(Map.of(), "--child.final-method=true");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("Bean 'finalMethodClient' has @Offload on method")
			.contains("it is final")
			.contains("Action:")
			.contains("Remove final from");
	}

	private Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ChildApplication.class.getName());
		command.addAll(List.of(args));
		// output to a file, so that a child that hangs fails the test rather than
		// blocking it
		Path output = Files.createTempFile(this.temp, "child", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().remove("EVENTLET_THREADPOOL_SIZE");
		builder.environment().remove("TPOOL_SIZE");
		builder.environment().putAll(environment);
		Process process = builder.start();
		boolean ended = process.waitFor(60, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String printed = Files.readString(output);
		assertThat(ended).as("child JVM ended within 60 s:%n%s", printed).isTrue();
		return new Result(process.exitValue(), printed);
	}

	record Result(int exitCode, String output) {

	}

}
