package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Tpool.Builder}.
 *
 * @since 0.1.0
 */
class TpoolBuilderTests {

	private static final Tpool.Builder NO_ENVIRONMENT = Tpool.builder().environment((name) -> null);

	@Test
	void defaultsAreNamedTpoolWithTwentyThreads() {
		try (Tpool pool = NO_ENVIRONMENT.build()) {
			assertThat(pool.name()).isEqualTo("tpool");
			assertThat(pool.size()).isEqualTo(Tpool.DEFAULT_SIZE).isEqualTo(20);
			assertThat(pool.queueCapacity()).isNull();
			assertThat(Tpool.SIZE_ENVIRONMENT_VARIABLE).isEqualTo("EVENTLET_THREADPOOL_SIZE");
		}
	}

	@Test
	void sizeComesFromTheEnvironmentVariableWhenUnset() {
		try (Tpool pool = withEnvironment("7").build()) {
			assertThat(pool.size()).isEqualTo(7);
			assertThat(pool.stats().size()).isEqualTo(7);
		}
	}

	@Test
	void explicitSizeWinsOverTheEnvironmentVariable() {
		try (Tpool pool = withEnvironment("7").size(3).build()) {
			assertThat(pool.size()).isEqualTo(3);
		}
	}

	@Test
	void zeroSizeIsRefusedNamingTheSettingAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> NO_ENVIRONMENT.size(0).build())
			.withMessageContaining("size")
			.withMessageContaining("0");
	}

	@Test
	void negativeSizeIsRefusedNamingTheSettingAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> NO_ENVIRONMENT.size(-3).build())
			.withMessageContaining("size")
			.withMessageContaining("-3");
	}

	@Test
	void sizeAboveTheMaximumIsRefusedWithATypedExceptionNamingTheSettingAndValue() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> NO_ENVIRONMENT.size(10_001).build())
			.withMessageContaining("size must be from 1 to 10000, but was 10001")
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("size");
				assertThat(ex.getValue()).isEqualTo("10001");
				assertThat(ex.isEnvironmentVariable()).isFalse();
			});
		assertThat(Tpool.MAX_SIZE).isEqualTo(10_000);
	}

	@Test
	void environmentVariableAboveTheMaximumIsRefusedNamingIt() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> withEnvironment("100000").build())
			.withMessageContaining("EVENTLET_THREADPOOL_SIZE")
			.withMessageContaining("'100000'")
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("EVENTLET_THREADPOOL_SIZE");
				assertThat(ex.isEnvironmentVariable()).isTrue();
			});
	}

	@Test
	void blankThreadNamePrefixIsRefusedNamingTheSetting() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> NO_ENVIRONMENT.threadNamePrefix(" ").build())
			.withMessageContaining("threadNamePrefix must not be blank, but was ' '")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("threadNamePrefix"));
	}

	@Test
	void threadNamePrefixDefaultsToTheNameAndADash() throws Exception {
		try (Tpool pool = NO_ENVIRONMENT.name("duckdb").size(1).build()) {
			assertThat(pool.execute(() -> Thread.currentThread().getName())).isEqualTo("duckdb-1");
		}
	}

	@Test
	void nonNumericEnvironmentVariableIsRefusedNamingItAndItsValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> withEnvironment("lots").build())
			.withMessageContaining("EVENTLET_THREADPOOL_SIZE")
			.withMessageContaining("'lots'");
	}

	@Test
	void zeroOrNegativeEnvironmentVariableIsRefusedNamingItAndItsValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> withEnvironment("0").build())
			.withMessageContaining("EVENTLET_THREADPOOL_SIZE")
			.withMessageContaining("'0'");
		assertThatIllegalArgumentException().isThrownBy(() -> withEnvironment("-3").build())
			.withMessageContaining("EVENTLET_THREADPOOL_SIZE")
			.withMessageContaining("'-3'");
	}

	@Test
	void zeroQueueCapacityIsRefusedNamingTheSettingAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> NO_ENVIRONMENT.queueCapacity(0).build())
			.withMessageContaining("queueCapacity")
			.withMessageContaining("0");
	}

	@Test
	void negativeShutdownTimeoutIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NO_ENVIRONMENT.shutdownTimeout(Duration.ofSeconds(-1)).build())
			.withMessageContaining("shutdownTimeout");
	}

	@Test
	void builderIsImmutable() {
		Tpool.Builder builder = NO_ENVIRONMENT.size(2);
		builder.size(5).name("other");
		try (Tpool pool = builder.build()) {
			assertThat(pool.size()).isEqualTo(2);
			assertThat(pool.name()).isEqualTo("tpool");
		}
	}

	@Test
	void threadsArePlatformDaemonThreadsNamedWithThePrefix() throws Exception {
		try (Tpool pool = NO_ENVIRONMENT.name("legacy-io").size(3).threadNamePrefix("legacy-").build()) {
			CountDownLatch running = new CountDownLatch(3);
			CountDownLatch release = new CountDownLatch(1);
			for (int i = 0; i < 3; i++) {
				pool.submit(() -> {
					running.countDown();
					return release.await(1, TimeUnit.MINUTES);
				});
			}
			assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			List<Thread> threads = new ArrayList<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				if (thread.getName().startsWith("legacy-")) {
					threads.add(thread);
				}
			}
			assertThat(threads).extracting(Thread::getName)
				.containsExactlyInAnyOrder("legacy-1", "legacy-2", "legacy-3");
			assertThat(threads).allSatisfy((thread) -> {
				assertThat(thread.isDaemon()).isTrue();
				assertThat(thread.isVirtual()).isFalse();
			});
			assertThat(pool.name()).isEqualTo("legacy-io");
			release.countDown();
		}
	}

	@Test
	void tpoolIsNotAnExecutor() {
		assertThat(Executor.class.isAssignableFrom(Tpool.class)).isFalse();
		assertThat(Tpool.class.getInterfaces()).containsExactly(AutoCloseable.class);
	}

	private static Tpool.Builder withEnvironment(String size) {
		Map<String, String> environment = Map.of(Tpool.SIZE_ENVIRONMENT_VARIABLE, size);
		return Tpool.builder().environment(environment::get);
	}

}
