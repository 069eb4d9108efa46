package io.tpool;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

	@Test
	void utilizationStaysWithinOneWhileAShrinkLetsRunningTasksEnd() throws Exception {
		Tpool pool = track(Tpool.builder().name("shrunk").size(4).build());
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> running = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			running.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> pool.stats().active() == 4);
		pool.resize(1);
		TpoolStats stats = pool.stats();
		assertThat(stats.active()).isEqualTo(4);
		assertThat(stats.utilization()).isEqualTo(1.0);
		assertThat(stats.saturation()).isEqualTo(6.0);
		release.countDown();
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(pool.stats().utilization()).isZero();
	}

	@Test
	void twoResizesAtTheSameMomentBothReturnAndTheLastWins() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			for (int round = 0; round < 60; round++) {
				Tpool pool = Tpool.builder().name("resized").size(4).keepAlive(Duration.ofMillis(1)).build();
				AtomicBoolean calling = new AtomicBoolean(true);
				try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
					for (int i = 0; i < 100; i++) {
						callers.submit(() -> {
							while (calling.get()) {
								pool.execute(() -> Thread.sleep(1));
							}
							return null;
						});
					}
					await().until(() -> pool.stats().queued() > 50);
					CyclicBarrier together = new CyclicBarrier(2);
					Thread grow = Thread.ofPlatform().start(() -> resizeWith(together, pool, 64));
					Thread shrink = Thread.ofPlatform().start(() -> resizeWith(together, pool, 1));
					assertThat(grow.join(Duration.ofSeconds(10))).as("resize(64) returned").isTrue();
					assertThat(shrink.join(Duration.ofSeconds(10))).as("resize(1) returned").isTrue();
					assertThat(pool.size()).isIn(1, 64);
					calling.set(false);
				}
				pool.close();
			}
		});
	}

	@Test
	void aGrowingResizeStartsThreadsOnlyForTheWorkThatWaits() throws Exception {
		Tpool pool = track(Tpool.builder().name("churn").size(1).keepAlive(Duration.ofMillis(1)).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		List<CompletableFuture<Object>> queued = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			queued.add(pool.submit(() -> {
				Thread.sleep(2);
				return null;
			}));
		}
		await().until(() -> pool.stats().queued() == 200);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long startedBefore = threads.getTotalStartedThreadCount();
		Thread resizer = Thread.ofPlatform().start(() -> pool.resize(200));
		assertThat(resizer.join(Duration.ofSeconds(10))).as("resize(200) returned").isTrue();
		CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		// A thread for each job that waited, at most, and none once the work was done
		// (the JVM may start a compiler thread or two meanwhile).
		long startedMeanwhile = threads.getTotalStartedThreadCount() - startedBefore;
		assertThat(startedMeanwhile).isLessThanOrEqualTo(1 + 200 + 4);
		await().atMost(Duration.ofSeconds(10)).until(() -> poolThreads("churn-").size() == 1);
		long startedAfterTheWork = threads.getTotalStartedThreadCount();
		Thread.sleep(200);
		assertThat(threads.getTotalStartedThreadCount() - startedAfterTheWork).isLessThanOrEqualTo(4);
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
	}

	@Test
	void aGrowingResizeRacingCloseReturnsAndNoThreadOutlivesTheClose() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			for (int round = 0; round < 20; round++) {
				Tpool pool = Tpool.builder()
					.name("closing")
					.size(1)
					.keepAlive(Duration.ofMillis(1))
					.shutdownTimeout((round % 2 == 0) ? Duration.ZERO : Duration.ofSeconds(10))
					.build();
				List<CompletableFuture<Object>> calls = new ArrayList<>();
				for (int i = 0; i < 2_000; i++) {
					calls.add(pool.submit(() -> {
						Thread.sleep(1);
						return null;
					}));
				}
				CyclicBarrier together = new CyclicBarrier(2);
				Thread resizer = Thread.ofPlatform().start(() -> resizeWith(together, pool, 2_000));
				together.await();
				pool.close();
				assertThat(poolThreads("closing-")).isEmpty();
				assertThat(resizer.join(Duration.ofSeconds(10))).as("resize(2000) returned").isTrue();
				Thread.sleep(20);
				assertThat(poolThreads("closing-")).isEmpty();
				// A graceful close runs every call, a forced one interrupts those that
				// run and cancels those that had not started: either way each call ends.
				for (CompletableFuture<Object> call : calls) {
					Object outcome = call.handle((value, ex) -> (ex != null) ? ex.getClass() : value)
						.get(10, TimeUnit.SECONDS);
					assertThat(outcome).isIn(null, CancellationException.class, InterruptedException.class);
				}
			}
		});
	}

	@Test
	void statsReadWithoutALockSoThatReadersNeverHoldUpAResize() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			Tpool pool = track(Tpool.builder().name("watched").size(1).build());
			CountDownLatch release = new CountDownLatch(1);
			List<CompletableFuture<Boolean>> calls = new ArrayList<>();
			for (int i = 0; i < 101; i++) {
				calls.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
			}
			await().until(() -> pool.stats().queued() == 100);
			AtomicBoolean reading = new AtomicBoolean(true);
			try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < 2_000; i++) {
					readers.submit(() -> {
						while (reading.get()) {
							pool.stats();
							Thread.yield();
						}
					});
				}
				try {
					long start = System.nanoTime();
					pool.resize(101);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
				}
				finally {
					reading.set(false);
				}
			}
			await().until(() -> pool.stats().active() == 101);
			release.countDown();
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		});
	}

	private static void resizeWith(CyclicBarrier together, Tpool pool, int size) {
		try {
			together.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		pool.resize(size);
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
