package io.tpool.demo.compare;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.tpool.demo.DemoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompareCommand}.
 *
 * @since 0.1.0
 */
@ExtendWith(OutputCaptureExtension.class)
class CompareCommandTests {

	@Test
	void compareStartsTheApplicationWithoutAWebServer() {
		assertThat(CompareCommand.application(DemoApplication.class).application().getWebApplicationType())
			.isEqualTo(WebApplicationType.NONE);
	}

	@Test
	void comparePrintsTheDirectAndTheOffloadedRunOf400CallsThenOf50DuckDbReports() throws InterruptedException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompareCommand.run(DemoApplication.class, new String[] { CompareCommand.FLAG },
				new PrintStream(out, true, StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		String duckDb = "50 concurrent DuckDB report queries over 2,000,000 orders from virtual threads, 2 carriers, "
				+ "tpool duckdb size 2";
		assertThat(text).startsWith("400 concurrent 20 ms native calls (libc usleep) from virtual threads")
			.contains(duckDb);
		assertThat(text.substring(0, text.indexOf(duckDb))).contains("| direct    |", "| offloaded |");
		assertThat(text.substring(text.indexOf(duckDb)).lines()).contains(duckDb)
			.anySatisfy((line) -> assertThat(line).startsWith("| mode      | queries/s |"))
			.anySatisfy((line) -> assertThat(line).startsWith("| direct    |"))
			.anySatisfy((line) -> assertThat(line).startsWith("| offloaded |"));
	}

	@Test
	void duringTheDirectRunTheWatchdogNamesTheNativeCallSite(CapturedOutput output) throws InterruptedException {
		CompareCommand.run(DemoApplication.class, new String[] { CompareCommand.FLAG },
				new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
		// The demo's own call into the C library's binding, which is a library's code.
		assertThat(output.getOut()).contains("WARN")
			.contains("Carrier starvation at io.tpool.demo.nativecall.NativeClient.sleep")
			.contains("carriers blocked, ");
	}

}
