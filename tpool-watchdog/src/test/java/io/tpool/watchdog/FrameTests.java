package io.tpool.watchdog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Frame}.
 *
 * @since 0.1.0
 */
class FrameTests {

	@Test
	void parseDropsTheClassLoaderAndModuleOfAFrame() {
		Frame frame = Frame.parse("java.base/java.lang.Thread.run(Thread.java:1474)");
		assertThat(frame).isEqualTo(new Frame("java.lang.Thread", "run", "Thread.java:1474"));
	}

	@Test
	void parseDropsTheApplicationClassLoadersName() {
		Frame frame = Frame.parse("app//io.tpool.NativeSleep.sleep(NativeSleep.java:30)");
		assertThat(frame).isEqualTo(new Frame("io.tpool.NativeSleep", "sleep", "NativeSleep.java:30"));
		assertThat(frame.method()).isEqualTo("io.tpool.NativeSleep.sleep");
		assertThat(frame).hasToString("io.tpool.NativeSleep.sleep(NativeSleep.java:30)");
	}

	@Test
	void parseKeepsTheSlashOfAHiddenClassName() {
		Frame frame = Frame.parse("app//com.example.Job$$Lambda/0x0000000801001234.run(Unknown Source)");
		assertThat(frame.className()).isEqualTo("com.example.Job$$Lambda/0x0000000801001234");
		assertThat(frame.methodName()).isEqualTo("run");
	}

	@Test
	void parseReadsAFrameWithoutPrefixOrLocation() {
		assertThat(Frame.parse("com.example.Legacy.read")).isEqualTo(new Frame("com.example.Legacy", "read", ""));
	}

	@Test
	void aFrameWrittenAsANativeMethodIsOne() {
		Frame frame = Frame.parse("app//org.duckdb.DuckDBNative.duckdb_jdbc_execute(Native Method)");
		assertThat(frame.isNativeMethod()).isTrue();
		assertThat(frame).hasToString("org.duckdb.DuckDBNative.duckdb_jdbc_execute(Native Method)");
		assertThat(Frame.parse("java.base/java.util.zip.Deflater.deflateBytesBytes(Native Method)").isNativeMethod())
			.isTrue();
		assertThat(Frame.parse("app//io.tpool.NativeSleep.sleep(NativeSleep.java:30)").isNativeMethod()).isFalse();
	}

}
