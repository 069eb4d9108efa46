package io.tpool.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full {@code SpringApplication} runs in a child JVM, for what the environment variables
 * decide and for Spring Boot's failure report.
 *
 * @author tpool
 */
class TpoolFailureReportTests {

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
	void zeroSizePropertyStopsTheStartWithAFailureReport() throws Exception {
		Result result = run(Map.of(), "--tpool.size=0");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("tpool.size is '0'")
			.contains("Action:")
			.contains("Set tpool.size");
	}

	@Test
	void nonNumericSizePropertyStopsTheStartWithBootsBindingReport() throws Exception {
		Result result = run(Map.of(), "--tpool.size=abc");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("tpool.size")
			.contains("\"abc\"")
			.contains("Action:");
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
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("EVENTLET_THREADPOOL_SIZE");
		builder.environment().remove("TPOOL_SIZE");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
		return new Result(process.exitValue(), output);
	}

	record Result(int exitCode, String output) {

	}

}
