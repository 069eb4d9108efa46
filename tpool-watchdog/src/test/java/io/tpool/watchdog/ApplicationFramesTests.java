package io.tpool.watchdog;

import java.util.List;

import io.tpool.testsupport.NativeSleep;
import io.tpool.Tpool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApplicationFrames}.
 *
 * @since 0.1.0
 */
class ApplicationFramesTests {

	private final ApplicationFrames frames = new ApplicationFrames();

	@Test
	void platformFramesAreNotApplicationFrames() {
		assertThat(this.frames.isApplication(frame("java.lang.Thread"))).isFalse();
		assertThat(this.frames.isApplication(frame("jdk.internal.vm.Continuation"))).isFalse();
		assertThat(this.frames.isApplication(frame("sun.nio.ch.NioSocketImpl"))).isFalse();
		assertThat(this.frames.isApplication(frame("com.sun.management.internal.HotSpotDiagnostic"))).isFalse();
	}

	@Test
	void frameworkFramesAreNotApplicationFrames() {
		assertThat(this.frames.isApplication(frame("org.springframework.web.servlet.DispatcherServlet"))).isFalse();
		assertThat(this.frames.isApplication(frame("org.apache.catalina.core.ApplicationFilterChain"))).isFalse();
	}

	@Test
	void generatedClassesAreNotApplicationFrames() {
		assertThat(this.frames.isApplication(frame("com.example.Job$$Lambda/0x0000000801001234"))).isFalse();
		assertThat(this.frames.isApplication(frame("com.example.Service$$SpringCGLIB$$0"))).isFalse();
	}

	@Test
	void tpoolsOwnClassesAreNotApplicationFrames() {
		assertThat(this.frames.isApplication(frame(Tpool.class.getName()))).isFalse();
		assertThat(this.frames.isApplication(frame(CarrierWatchdog.class.getName()))).isFalse();
	}

	@Test
	void applicationClassesInTpoolsPackagesAreApplicationFrames() {
		assertThat(this.frames.isApplication(frame(ApplicationFramesTests.class.getName()))).isTrue();
		assertThat(this.frames.isApplication(frame("io.tpool.demo.NotLoadedHere"))).isTrue();
	}

	@Test
	void withoutApplicationPackagesLibrariesLoadedFromJarsAreNotApplicationFrames() {
		assertThat(this.frames.isApplication(frame(Test.class.getName()))).isFalse();
		assertThat(this.frames.isApplication(frame("org.assertj.core.api.Assertions"))).isFalse();
		assertThat(this.frames.isApplication(frame("com.example.Legacy"))).isTrue();
	}

	@Test
	void withApplicationPackagesOnlyTheirClassesAreApplicationFrames() {
		ApplicationFrames frames = new ApplicationFrames(List.of("com.example", "io.tpool"), List.of(),
				getClass().getClassLoader());
		assertThat(frames.isApplication(frame("com.example.Legacy"))).isTrue();
		assertThat(frames.isApplication(frame(NativeSleep.class.getName()))).isTrue();
		assertThat(frames.isApplication(frame("org.h2.jdbc.JdbcConnection"))).isFalse();
		assertThat(frames.isApplication(frame("org.rocksdb.RocksIterator"))).isFalse();
		assertThat(frames.isApplication(frame(Tpool.class.getName()))).isFalse();
	}

	@Test
	void whereALibrarysNativeMethodHoldsTheSiteIsTheApplicationFrameThatCalledIntoTheLibrary() {
		ApplicationFrames frames = new ApplicationFrames(List.of("com.example"), List.of(),
				getClass().getClassLoader());
		Frame next = new Frame("org.rocksdb.RocksIterator", "next0Jni", Frame.NATIVE_METHOD);
		List<Frame> stack = List.of(next, frame("org.rocksdb.RocksIterator"), frame("com.example.Scan"),
				frame("com.example.Controller"));
		int site = frames.siteIndex(stack);
		assertThat(site).isEqualTo(2);
		assertThat(frames.nativeMethod(stack, site)).isEqualTo(next);
		assertThat(frames.callers(stack, site)).containsExactly(frame("com.example.Controller"));
		// A callback from the native code into the application is not the site.
		List<Frame> callback = List.of(frame("com.example.Udf"), frame("org.duckdb.DuckDBNative"),
				new Frame("org.duckdb.DuckDBNative", "execute", Frame.NATIVE_METHOD), frame("com.example.Report"));
		assertThat(callback.get(frames.siteIndex(callback))).isEqualTo(frame("com.example.Report"));
		// Without an application frame outside it, the native method is the site.
		List<Frame> alone = List.of(next, frame("java.lang.VirtualThread"));
		assertThat(frames.siteIndex(alone)).isZero();
	}

	@Test
	void theSiteIsTheInnermostApplicationFrameAndItsCallersTheApplicationFramesBelow() {
		List<Frame> stack = List.of(frame("java.lang.Thread"), frame("com.example.Legacy"),
				frame("org.springframework.aop.Advice"), frame("com.example.Service"),
				frame("java.lang.VirtualThread"));
		int site = this.frames.siteIndex(stack);
		assertThat(site).isEqualTo(1);
		assertThat(this.frames.callers(stack, site)).containsExactly(frame("com.example.Service"));
	}

	@Test
	void withoutApplicationFramesTheSiteIsTheInnermostFrameOutsideThePlatform() {
		List<Frame> stack = List.of(frame("java.lang.Thread"), frame("org.apache.catalina.Valve"),
				frame("java.lang.VirtualThread"));
		assertThat(this.frames.siteIndex(stack)).isEqualTo(1);
		assertThat(this.frames.siteIndex(List.of(frame("java.lang.Thread")))).isZero();
		assertThat(this.frames.siteIndex(List.of())).isEqualTo(-1);
	}

	private static Frame frame(String className) {
		return new Frame(className, "call", "");
	}

}
