package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The guarantees {@link Tpool} keeps under faults: each test is the regression test of a
 * defect that a hostile user found.
 */
class TpoolHardeningTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final List<Tpool> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(Tpool::close);
	}

	@Test
	void taskThatSetsItsOwnInterruptFlagDoesNotInterruptTheNextTask() throws InterruptedException {
		Tpool pool = track(Tpool.builder().size(1).build());
		// Back to back, so that the next task often reaches the thread before it parks.
		for (int i = 0; i < 1_000; i++) {
			pool.execute(() -> Thread.currentThread().interrupt());
			assertThat(pool.execute(() -> Thread.currentThread().isInterrupted())).isFalse();
		}
		pool.execute(() -> Thread.currentThread().interrupt());
		pool.execute(() -> Thread.sleep(1));
	}

	@Test
	void interruptOfAnIdlePoolThreadByOutsideCodeDoesNotReachTheNextTask() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).build());
		Thread poolThread = pool.execute(Thread::currentThread);
		for (int i = 0; i < 100; i++) {
			poolThread.interrupt();
			assertThat(pool.execute(() -> Thread.currentThread().isInterrupted())).isFalse();
		}
	}

	@Test
	void callerWhoseDecoratorRunsWhileAForcedCloseDrainsThePoolStillGetsAnAnswer() {
		CountDownLatch decorating = new CountDownLatch(1);
		Tpool pool = track(Tpool.builder().size(2).shutdownTimeout(Duration.ZERO).taskDecorator((task) -> {
			decorating.countDown();
			sleep(200);
			return task;
		}).build());
		assertTimeoutPreemptively(HANG, () -> {
			CompletableFuture<Object> outcome = new CompletableFuture<>();
			Thread.ofVirtual().start(() -> {
				try {
					outcome.complete(pool.execute(() -> "ran"));
				}
				catch (Throwable ex) {
					outcome.complete(ex);
				}
			});
			CompletableFuture<Object> submitted = new CompletableFuture<>();
			Thread.ofVirtual().start(() -> {
				try {
					pool.submit(() -> "ran").whenComplete((value, ex) -> submitted.complete((ex != null) ? ex : value));
				}
				catch (Throwable ex) {
					submitted.complete(ex);
				}
			});
			decorating.await();
			pool.close();
			assertThat(outcome.get()).satisfiesAnyOf((value) -> assertThat(value).isEqualTo("ran"),
					(value) -> assertThat(value).isInstanceOf(RejectedExecutionException.class),
					(value) -> assertThat(value).isInstanceOf(CancellationException.class));
			assertThat(submitted.get()).isNotNull();
		});
	}

	@Test
	void handOffsRacingForcedClosesAllEnd() {
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 200; round++) {
				Tpool pool = Tpool.builder().size(2).shutdownTimeout(Duration.ZERO).taskDecorator((task) -> {
					long until = System.nanoTime() + 5_000;
					while (System.nanoTime() < until) {
						Thread.onSpinWait();
					}
					return task;
				}).build();
				List<Thread> callers = new ArrayList<>();
				AtomicInteger ended = new AtomicInteger();
				for (int i = 0; i < 8; i++) {
					callers.add(Thread.ofVirtual().start(() -> {
						try {
							pool.execute(() -> 1);
						}
						catch (RejectedExecutionException | CancellationException ex) {
							// an allowed end
						}
						ended.incrementAndGet();
					}));
				}
				pool.close();
				for (Thread caller : callers) {
					caller.join();
				}
				assertThat(ended).hasValue(8);
			}
		});
	}

	@Test
	void callersThatHandOffTogetherEachGetAThreadWhileThePoolHasRoom() {
		// Two callers reserve places at once, and the second to reserve starts its thread
		// first: the first then finds a thread per job it counted and started none, so
		// one job waited for the next hand-off, or for ever.
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 2_000; round++) {
				try (Tpool pool = Tpool.builder().size(2).build()) {
					CountDownLatch bothStarted = new CountDownLatch(2);
					CyclicBarrier handOff = new CyclicBarrier(2);
					List<Thread> callers = new ArrayList<>();
					for (int i = 0; i < 2; i++) {
						callers.add(Thread.ofPlatform().start(() -> {
							try {
								handOff.await();
								pool.execute(() -> {
									bothStarted.countDown();
									bothStarted.await(10, TimeUnit.SECONDS);
								});
							}
							catch (Exception ex) {
								throw new IllegalStateException(ex);
							}
						}));
					}
					assertThat(bothStarted.await(10, TimeUnit.SECONDS))
						.as("both tasks of a pool of two threads started, round %d", round)
						.isTrue();
					for (Thread caller : callers) {
						caller.join();
					}
				}
			}
		});
	}

	@Test
	void decoratorThatThrowsFailsOnlyThatCallAndLeaksNoCapacity() {
		IllegalStateException failure = new IllegalStateException("decorator failed");
		AtomicBoolean failing = new AtomicBoolean(true);
		Tpool pool = track(Tpool.builder().size(1).queueCapacity(1).taskDecorator((task) -> {
			if (failing.get()) {
				throw failure;
			}
			return task;
		}).build());
		for (int i = 0; i < 10; i++) {
			assertThatIllegalStateException().isThrownBy(() -> pool.execute(() -> 1)).isSameAs(failure);
			assertThatIllegalStateException().isThrownBy(() -> pool.submit(() -> 1)).isSameAs(failure);
		}
		assertThat(pool.stats().queued()).isZero();
		failing.set(false);
		assertThat(pool.execute(() -> 1)).isEqualTo(1);
		assertClosesAtOnce(pool);
	}

	@Test
	void decoratorThatReturnsNullFailsOnlyThatCallAndLeaksNoCapacity() {
		AtomicBoolean failing = new AtomicBoolean(true);
		Tpool pool = track(
				Tpool.builder().size(1).queueCapacity(1).taskDecorator((task) -> failing.get() ? null : task).build());
		for (int i = 0; i < 10; i++) {
			assertThatNullPointerException().isThrownBy(() -> pool.execute(() -> 1)).withMessageContaining("decorator");
		}
		assertThat(pool.stats().queued()).isZero();
		failing.set(false);
		assertThat(pool.execute(() -> 1)).isEqualTo(1);
		assertClosesAtOnce(pool);
	}

	@Test
	void cancelledQueuedFuturesDoNotPileUpBeyondTheQueueCapacity() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).queueCapacity(10).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		await().until(() -> pool.stats().active() == 1);
		for (int i = 0; i < 100_000; i++) {
			pool.submit(() -> "abandoned").cancel(false);
			assertThat(pool.queueEntries()).isLessThanOrEqualTo(10);
		}
		assertThat(pool.stats().queued()).isZero();
		assertThat(pool.stats().rejected()).isZero();
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		assertThat(pool.execute(() -> "after")).isEqualTo("after");
	}

	@Test
	void cancelledQueuedFuturesOfAnUnboundedPoolDoNotPileUpBeyondTheWaitingOnes() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		await().until(() -> pool.stats().active() == 1);
		List<CompletableFuture<String>> waiting = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			waiting.add(pool.submit(() -> "waited"));
		}
		for (int i = 0; i < 100_000; i++) {
			pool.submit(() -> "abandoned").cancel(false);
		}
		assertThat(pool.queueEntries()).isLessThanOrEqualTo(2 * 100 + 64);
		assertThat(pool.stats().queued()).isEqualTo(100);
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		for (CompletableFuture<String> future : waiting) {
			assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("waited");
		}
	}

	@Test
	void interruptedQueuedCallersDoNotPileUpBeyondTheQueueCapacity() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).queueCapacity(10).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		await().until(() -> pool.stats().active() == 1);
		assertTimeoutPreemptively(HANG, () -> {
			for (int i = 0; i < 2_000; i++) {
				Thread caller = Thread.ofVirtual().start(() -> {
					try {
						pool.execute(() -> "abandoned");
					}
					catch (CancellationException ex) {
						// interrupted while queued: the expected end
					}
				});
				while (pool.stats().queued() != 1) {
					Thread.sleep(0, 100_000);
				}
				caller.interrupt();
				caller.join();
				assertThat(pool.queueEntries()).isLessThanOrEqualTo(10);
			}
		});
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		assertThat(pool.stats().queued()).isZero();
	}

	@Test
	void stageThatRunsOnAPoolThreadAfterTheTaskKeepsTheThreadCountedBusy() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).queueCapacity(1).build());
		CountDownLatch taskRelease = new CountDownLatch(1);
		CountDownLatch inStage = new CountDownLatch(1);
		CountDownLatch stageRelease = new CountDownLatch(1);
		AtomicReference<String> stageThread = new AtomicReference<>();
		CompletableFuture<Boolean> future = pool.submit(() -> taskRelease.await(1, TimeUnit.MINUTES));
		CompletableFuture<Void> stage = future.thenRun(() -> {
			stageThread.set(Thread.currentThread().getName());
			inStage.countDown();
			try {
				stageRelease.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		taskRelease.countDown();
		assertThat(inStage.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(stageThread.get()).isEqualTo("tpool-1");
		assertThat(pool.stats().active()).isEqualTo(1);
		CompletableFuture<String> queued = pool.submit(() -> "queued");
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.submit(() -> "over"));
		stageRelease.countDown();
		stage.get(10, TimeUnit.SECONDS);
		assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
	}

	@Test
	void closeFromAnInterruptedThreadInterruptsRunningTasksWaitsForThemAndKeepsTheFlag() throws Exception {
		Tpool pool = Tpool.builder().size(2).threadNamePrefix("interrupted-close-").build();
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean taskInterrupted = new AtomicBoolean();
		CompletableFuture<Object> running = pool.submit(() -> {
			started.countDown();
			try {
				Thread.sleep(Duration.ofMinutes(1));
			}
			catch (InterruptedException ex) {
				sleep(200);
				taskInterrupted.set(true);
				throw ex;
			}
			return null;
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertTimeoutPreemptively(HANG, () -> {
			Thread.currentThread().interrupt();
			try {
				pool.close();
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
		});
		assertThat(taskInterrupted).isTrue();
		assertThat(running).isCompletedExceptionally();
		assertThat(threadNames()).noneMatch((name) -> name.startsWith("interrupted-close-"));
	}

	@Test
	void theShutdownHelperOfACloseFromAPoolThreadIsNotNamedLikeAPoolThread() throws Exception {
		Tpool pool = Tpool.builder().size(1).build();
		CountDownLatch closing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Object> closer = pool.submit(() -> {
			pool.close();
			closing.countDown();
			return release.await(1, TimeUnit.MINUTES);
		});
		assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(threadNames()).filteredOn((name) -> name.startsWith("tpool-"))
			.allMatch((name) -> name.matches("tpool-\\d+"));
		release.countDown();
		closer.get(10, TimeUnit.SECONDS);
	}

	private void assertClosesAtOnce(Tpool pool) {
		long start = System.nanoTime();
		pool.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	private static Set<String> threadNames() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Tpool track(Tpool pool) {
		this.pools.add(pool);
		return pool;
	}

}
