package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the elastic threads of a {@link Tpool}: started on demand, ended after the
 * keep-alive, resized live.
 */
class TpoolElasticTests {

	private final List<Tpool> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(Tpool::close);
	}

	@Test
	void buildStartsNoThreadAndThreadsStartOnDemandUpToTheSize() throws Exception {
		Tpool pool = track(Tpool.builder().name("demand").size(3).build());
		assertThat(pool.stats().threads()).isZero();
		assertThat(poolThreads("demand-")).isEmpty();
		assertThat(pool.execute(() -> Thread.currentThread().getName())).isEqualTo("demand-1");
		assertThat(pool.stats().threads()).isEqualTo(1);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> blocked = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			blocked.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> pool.stats().active() == 3);
		assertThat(pool.stats().threads()).isEqualTo(3);
		assertThat(pool.stats().queued()).isEqualTo(2);
		assertThat(poolThreads("demand-")).containsExactlyInAnyOrder("demand-1", "demand-2", "demand-3");
		release.countDown();
		CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	@Test
	void sequentialCallsReuseOneThread() {
		Tpool pool = track(Tpool.builder().name("reuse").size(8).build());
		for (int i = 0; i < 100; i++) {
			pool.execute(() -> 1);
		}
		assertThat(pool.stats().threads()).isEqualTo(1);
	}

	@Test
	void idleThreadsEndAfterTheKeepAliveAndComeBackOnDemand() throws Exception {
		Tpool pool = track(Tpool.builder().name("idle").size(4).keepAlive(Duration.ofMillis(100)).build());
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> blocked = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			blocked.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> pool.stats().threads() == 4);
		release.countDown();
		CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().threads() == 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> poolThreads("idle-").isEmpty());
		assertThat(pool.execute(() -> Thread.currentThread().getName())).isEqualTo("idle-1");
		assertThat(pool.stats().threads()).isEqualTo(1);
		assertThat(pool.stats().completed()).isEqualTo(5);
	}

	@Test
	void growingStartsQueuedTasksAtOnce() throws Exception {
		Tpool pool = track(Tpool.builder().name("grow").size(1).build());
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(3);
		List<CompletableFuture<Boolean>> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(pool.submit(() -> {
				started.countDown();
				return release.await(1, TimeUnit.MINUTES);
			}));
		}
		await().until(() -> pool.stats().queued() == 2);
		pool.resize(3);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.size()).isEqualTo(3);
		assertThat(pool.stats().size()).isEqualTo(3);
		assertThat(pool.stats().active()).isEqualTo(3);
		release.countDown();
		CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	@Test
	void shrinkingNeverInterruptsARunningTaskAndEndsSurplusThreadsWhenIdle() throws Exception {
		Tpool pool = track(Tpool.builder().name("shrink").size(4).build());
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		List<CompletableFuture<Boolean>> running = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			running.add(pool.submit(() -> {
				try {
					return release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					interrupted.set(true);
					throw ex;
				}
			}));
		}
		await().until(() -> pool.stats().active() == 4);
		pool.resize(1);
		assertThat(pool.size()).isEqualTo(1);
		Thread.sleep(100);
		assertThat(pool.stats().active()).isEqualTo(4);
		release.countDown();
		for (CompletableFuture<Boolean> call : running) {
			assertThat(call.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(interrupted).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().threads() == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> poolThreads("shrink-").size() == 1);
	}

	@Test
	void shrinkingEndsIdleSurplusThreadsAtOnce() throws Exception {
		Tpool pool = track(Tpool.builder().name("idle-shrink").size(3).build());
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> pool.stats().threads() == 3);
		release.countDown();
		CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		pool.resize(1);
		await().atMost(Duration.ofSeconds(2)).until(() -> pool.stats().threads() == 1);
		assertThat(pool.execute(() -> 42)).isEqualTo(42);
	}

	@Test
	void resizeOutOfRangeIsRefusedNamingTheSettingAndValue() {
		Tpool pool = track(Tpool.builder().size(2).build());
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.resize(0))
			.withMessageContaining("size must be from 1 to 10000, but was 0");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.resize(10_001))
			.withMessageContaining("10001");
		assertThat(pool.size()).isEqualTo(2);
	}

	@Test
	void nonPositiveKeepAliveIsRefusedNamingTheSettingAndValue() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Tpool.builder().keepAlive(Duration.ZERO).build())
			.withMessageContaining("keepAlive must be positive, but was PT0S")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("keepAlive"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Tpool.builder().keepAlive(Duration.ofSeconds(-1)).build())
			.withMessageContaining("PT-1S");
	}

	@Test
	void twoPoolsIsolateEachOther() throws Exception {
		Tpool slow = track(Tpool.builder().name("slow").size(2).build());
		Tpool fast = track(Tpool.builder().name("fast").size(2).build());
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> blocked = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			blocked.add(slow.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> slow.stats().saturation() >= 25);
		long start = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			assertThat(fast.execute(() -> Thread.currentThread().getName())).startsWith("fast-");
		}
		// A hundred calls behind fifty blocked ones would wait for ever.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		release.countDown();
		CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	private Tpool track(Tpool pool) {
		this.pools.add(pool);
		return pool;
	}

	private static List<String> poolThreads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith(prefix))
			.toList();
	}

}
