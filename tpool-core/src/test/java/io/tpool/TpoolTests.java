package io.tpool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tpool.testsupport.NativeSleep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link Tpool}.
 *
 * @since 0.1.0
 */
class TpoolTests {

	/**
	 * The carriers that the build gives the tests
	 * (jdk.virtualThreadScheduler.parallelism).
	 */
	private static final int CARRIERS = 2;

	private final List<Tpool> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(Tpool::close);
	}

	@Test
	void executeReturnsTheValueComputedOnAPoolThread() {
		Tpool pool = pool(2);
		String thread = pool.execute(() -> Thread.currentThread().getName());
		assertThat(thread).startsWith("tpool-");
		assertThat(pool.execute(() -> pool.isPoolThread())).isTrue();
		assertThat(pool.isPoolThread()).isFalse();
	}

	@Test
	void executeOfAnActionRunsItOnAPoolThread() {
		Tpool pool = pool(2);
		AtomicReference<String> thread = new AtomicReference<>();
		pool.execute(() -> thread.set(Thread.currentThread().getName()));
		assertThat(thread.get()).startsWith("tpool-");
	}

	@Test
	void checkedExceptionComesBackAsTheSameInstance() {
		Tpool pool = pool(2);
		IOException failure = new IOException("disk");
		assertThatThrownBy(() -> pool.execute(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	void checkedExceptionTypeIsInferredFromTheTask() {
		Tpool pool = pool(2);
		IOException failure = new IOException("disk");
		Legacy legacy = () -> {
			throw failure;
		};
		try {
			pool.execute(legacy::query);
		}
		catch (IOException ex) {
			assertThat(ex).isSameAs(failure);
			return;
		}
		throw new AssertionError("Expected the IOException");
	}

	@Test
	void uncheckedExceptionComesBackAsTheSameInstance() {
		Tpool pool = pool(2);
		IllegalStateException failure = new IllegalStateException("bad");
		assertThatThrownBy(() -> pool.execute(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	void errorComesBackAsTheSameInstance() {
		Tpool pool = pool(2);
		OutOfMemoryError failure = new OutOfMemoryError("pretend");
		assertThatThrownBy(() -> pool.execute(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	void tenErrorsInARowNeitherKillTheWorkerNorHangTheCaller() {
		Tpool pool = pool(1);
		String before = pool.execute(() -> Thread.currentThread().getName());
		for (int i = 0; i < 10; i++) {
			StackOverflowError failure = new StackOverflowError("number " + i);
			assertThatThrownBy(() -> pool.execute(() -> {
				throw failure;
			})).isSameAs(failure);
		}
		assertThat(pool.execute(() -> Thread.currentThread().getName())).isEqualTo(before);
		assertThat(pool.stats().failed()).isEqualTo(10);
	}

	@Test
	void nestedExecuteAndSubmitFromAPoolThreadRunInlineWithOneThread() throws Exception {
		Tpool pool = pool(1);
		String inner = pool
			.execute(() -> pool.execute(() -> pool.submit(() -> Thread.currentThread().getName()).get()));
		assertThat(inner).isEqualTo("tpool-1");
		assertThat(pool.stats().completed()).isEqualTo(1);
	}

	@Test
	void submitCompletesWithTheValue() throws Exception {
		Tpool pool = pool(2);
		CompletableFuture<String> future = pool.submit(() -> Thread.currentThread().getName());
		assertThat(future.get(10, TimeUnit.SECONDS)).startsWith("tpool-");
	}

	@Test
	void submitCompletesExceptionallyWithTheTasksOwnException() {
		Tpool pool = pool(2);
		IOException failure = new IOException("disk");
		CompletableFuture<Object> future = pool.submit(() -> {
			throw failure;
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS))
			.withCause(failure);
		assertThat(future.exceptionNow()).isSameAs(failure);
	}

	@Test
	void cancellingAQueuedFutureMeansItsTaskNeverRuns() throws Exception {
		Tpool pool = pool(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		AtomicBoolean ran = new AtomicBoolean();
		CompletableFuture<Object> queued = pool.submit(() -> ran.getAndSet(true));
		await().until(() -> pool.stats().queued() == 1);
		assertThat(queued.cancel(false)).isTrue();
		assertThat(pool.stats().queued()).isZero();
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		assertThat(pool.execute(() -> "after")).isEqualTo("after");
		assertThat(ran).isFalse();
		assertThat(pool.stats().completed()).isEqualTo(2);
	}

	@Test
	void interruptedCallerGetsCancellationWithItsFlagKeptAndItsTaskIsInterrupted() throws Exception {
		Tpool pool = pool(1);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch taskInterrupted = new CountDownLatch(1);
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicBoolean flagKept = new AtomicBoolean();
		Thread caller = Thread.ofVirtual().start(() -> {
			try {
				pool.execute(() -> {
					started.countDown();
					try {
						Thread.sleep(Duration.ofMinutes(1));
					}
					catch (InterruptedException ex) {
						taskInterrupted.countDown();
					}
				});
			}
			catch (Throwable ex) {
				thrown.set(ex);
				flagKept.set(Thread.currentThread().isInterrupted());
			}
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		caller.interrupt();
		caller.join(Duration.ofSeconds(10));
		assertThat(thrown.get()).isInstanceOf(CancellationException.class).hasMessageContaining("tpool 'tpool'");
		assertThat(flagKept).isTrue();
		assertThat(taskInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.execute(() -> Thread.currentThread().isInterrupted())).isFalse();
	}

	@Test
	void queuedTaskOfAnInterruptedCallerNeverRuns() throws Exception {
		Tpool pool = pool(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		AtomicBoolean ran = new AtomicBoolean();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread caller = Thread.ofVirtual().start(() -> {
			try {
				pool.execute(() -> ran.set(true));
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		});
		await().until(() -> pool.stats().queued() == 1);
		caller.interrupt();
		caller.join(Duration.ofSeconds(10));
		assertThat(thrown.get()).isInstanceOf(CancellationException.class).hasMessageContaining("never started");
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		pool.execute(() -> {
		});
		assertThat(ran).isFalse();
		assertThat(pool.stats().queued()).isZero();
	}

	@Test
	void taskThatFinishedBeforeTheInterruptIsSeenReturnsItsValueWithTheFlagKept() throws Exception {
		Tpool pool = pool(1);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		AtomicReference<Object> outcome = new AtomicReference<>();
		AtomicBoolean flagKept = new AtomicBoolean();
		Thread caller = Thread.ofVirtual().start(() -> {
			try {
				outcome.set(pool.execute(() -> {
					started.countDown();
					finish.await();
					return 42;
				}));
			}
			catch (Throwable ex) {
				outcome.set(ex);
			}
			flagKept.set(Thread.currentThread().isInterrupted());
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		// Pin both carriers in native code so that the caller cannot run until the task
		// has finished and the interrupt has arrived.
		CountDownLatch pinning = new CountDownLatch(2);
		List<Thread> pins = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			pins.add(Thread.ofVirtual().start(() -> {
				pinning.countDown();
				NativeSleep.sleep(500);
			}));
		}
		assertThat(pinning.await(10, TimeUnit.SECONDS)).isTrue();
		finish.countDown();
		await().until(() -> pool.stats().completed() == 1);
		Thread.sleep(50);
		caller.interrupt();
		for (Thread pin : pins) {
			pin.join();
		}
		caller.join(Duration.ofSeconds(10));
		assertThat(outcome.get()).isEqualTo(42);
		assertThat(flagKept).isTrue();
	}

	@Test
	void callerInterruptedBeforeTheHandOffGetsCancellationAndTheTaskNeverRuns() {
		Tpool pool = pool(1);
		AtomicBoolean ran = new AtomicBoolean();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> pool.execute(() -> ran.set(true)));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(ran).isFalse();
	}

	@Test
	void closeWhileATaskRunsLetsItFinishThenRejectsAndLeavesNoThreadAlive() throws Exception {
		Tpool pool = Tpool.builder().name("closing").size(2).threadNamePrefix("closing-").build();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> running = pool.submit(() -> {
			started.countDown();
			Thread.sleep(200);
			return "finished";
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		pool.close();
		assertThat(running).isCompletedWithValue("finished");
		assertThat(pool.isClosed()).isTrue();
		assertThatExceptionOfType(TpoolRejectedException.class).isThrownBy(() -> pool.execute(() -> 1))
			.withMessageContaining("tpool 'closing'")
			.withMessageContaining("2 threads")
			.withMessageContaining("closed")
			.satisfies((ex) -> assertThat(ex.getPoolName()).isEqualTo("closing"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TpoolRejectedException.Reason.CLOSED));
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().startsWith("closing-"));
		assertThat(pool.stats().rejected()).isEqualTo(1);
	}

	@Test
	void closeLetsQueuedTasksFinish() throws Exception {
		Tpool pool = pool(1);
		CountDownLatch started = new CountDownLatch(1);
		pool.submit(() -> {
			started.countDown();
			Thread.sleep(100);
			return null;
		});
		CompletableFuture<String> queued = pool.submit(() -> "queued");
		started.await();
		pool.close();
		assertThat(queued).isCompletedWithValue("queued");
	}

	@Test
	void closeAfterTheShutdownTimeoutInterruptsRunningTasksAndCancelsQueuedOnes() throws Exception {
		Tpool pool = Tpool.builder()
			.size(1)
			.threadNamePrefix("timeout-")
			.shutdownTimeout(Duration.ofMillis(100))
			.build();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Object> running = pool.submit(() -> {
			started.countDown();
			Thread.sleep(Duration.ofMinutes(1));
			return null;
		});
		AtomicBoolean ran = new AtomicBoolean();
		CompletableFuture<Object> queued = pool.submit(() -> ran.getAndSet(true));
		AtomicReference<Throwable> queuedCaller = new AtomicReference<>();
		Thread caller = Thread.ofVirtual().start(() -> {
			try {
				pool.execute(() -> ran.set(true));
			}
			catch (Throwable ex) {
				queuedCaller.set(ex);
			}
		});
		await().until(() -> pool.stats().queued() == 2);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		pool.close();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> running.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(InterruptedException.class);
		assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> queued.join());
		caller.join(Duration.ofSeconds(10));
		assertThat(queuedCaller.get()).isInstanceOf(CancellationException.class).hasMessageContaining("closed");
		assertThat(ran).isFalse();
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().startsWith("timeout-"));
	}

	@Test
	void closeIsIdempotent() {
		Tpool pool = pool(2);
		assertThat(pool.isClosed()).isFalse();
		pool.close();
		pool.close();
		assertThat(pool.isClosed()).isTrue();
	}

	@Test
	void closeWithAZeroShutdownTimeoutLeavesIdlePoolsClosedAndRejecting() {
		for (int i = 0; i < 50; i++) {
			Tpool pool = track(Tpool.builder().size(4).shutdownTimeout(Duration.ZERO).build());
			pool.close();
			assertThat(pool.isClosed()).isTrue();
			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.execute(() -> 1));
		}
	}

	@Test
	void closeFromAPoolThreadStartsTheShutdownWithoutWaitingForItself() throws Exception {
		Tpool pool = Tpool.builder().size(1).threadNamePrefix("self-").build();
		CompletableFuture<Boolean> closedFromInside = pool.submit(() -> {
			pool.close();
			return pool.isClosed();
		});
		assertThat(closedFromInside.get(10, TimeUnit.SECONDS)).isTrue();
		await().untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().startsWith("self-")));
	}

	@Test
	void fullQueueRejectsNamingPoolSizeAndCapacityAndCountsIt() throws Exception {
		Tpool pool = track(Tpool.builder().name("bounded").size(1).queueCapacity(1).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> running = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		CompletableFuture<String> queued = pool.submit(() -> "queued");
		assertThatExceptionOfType(TpoolRejectedException.class).isThrownBy(() -> pool.submit(() -> "third"))
			.withMessageContaining("tpool 'bounded'")
			.withMessageContaining("1 threads")
			.withMessageContaining("queue capacity 1")
			.satisfies((ex) -> assertThat(ex.getPoolName()).isEqualTo("bounded"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TpoolRejectedException.Reason.FULL));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.execute(() -> "fourth"));
		assertThat(pool.stats().rejected()).isEqualTo(2);
		release.countDown();
		running.get(10, TimeUnit.SECONDS);
		assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
	}

	@Test
	void callersThatGaveUpNeverMakeAFullPoolRefuseTheCallersRacingForTheirPlaces() {
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			for (int round = 0; round < 300; round++) {
				Tpool pool = Tpool.builder().name("racing").size(1).queueCapacity(10).build();
				CountDownLatch release = new CountDownLatch(1);
				try {
					pool.submit(() -> release.await(1, TimeUnit.MINUTES));
					List<Thread> queued = new ArrayList<>();
					for (int i = 0; i < 10; i++) {
						queued.add(Thread.ofVirtual().start(() -> {
							try {
								pool.execute(() -> 1);
							}
							catch (CancellationException ex) {
								// Gave up, as meant.
							}
						}));
					}
					await().pollInterval(Duration.ofMillis(1)).until(() -> pool.stats().queued() == 10);
					for (Thread caller : queued) {
						caller.interrupt();
						caller.join();
					}
					// The ten jobs given up on are still in the queue, but their places
					// are free: ten callers racing for them are all accepted.
					CyclicBarrier together = new CyclicBarrier(10);
					List<CompletableFuture<Object>> racing = new ArrayList<>();
					List<Thread> racers = new ArrayList<>();
					for (int i = 0; i < 10; i++) {
						CompletableFuture<Object> accepted = new CompletableFuture<>();
						racing.add(accepted);
						racers.add(Thread.ofVirtual().start(() -> {
							try {
								together.await();
								accepted.complete(pool.submit(() -> 1));
							}
							catch (Throwable ex) {
								accepted.completeExceptionally(ex);
							}
						}));
					}
					for (Thread racer : racers) {
						racer.join();
					}
					for (CompletableFuture<Object> accepted : racing) {
						assertThat(accepted).as("round %d", round).succeedsWithin(Duration.ofSeconds(10));
					}
					assertThat(pool.stats().rejected()).as("round %d", round).isZero();
				}
				finally {
					release.countDown();
					pool.close();
				}
			}
		});
	}

	@Test
	void boundedPoolNeverRejectsWhileAThreadIsIdle() throws Exception {
		Tpool pool = track(Tpool.builder().size(3).queueCapacity(1).build());
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> futures = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			futures.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		assertThat(pool.stats().rejected()).isZero();
		release.countDown();
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		for (int i = 0; i < 1000; i++) {
			assertThat(pool.execute(() -> 1)).isEqualTo(1);
		}
		assertThat(pool.stats().rejected()).isZero();
	}

	@Test
	void statsShowActiveAndQueuedTasks() throws Exception {
		Tpool pool = pool(4);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> futures = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			futures.add(pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> pool.stats().active() == 4);
		TpoolStats stats = pool.stats();
		assertThat(stats.size()).isEqualTo(4);
		assertThat(stats.active()).isEqualTo(4);
		assertThat(stats.queued()).isEqualTo(2);
		assertThat(stats.utilization()).isEqualTo(1.0);
		assertThat(stats.saturation()).isEqualTo(1.5);
		release.countDown();
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		await().until(() -> pool.stats().active() == 0);
		assertThat(pool.stats().completed()).isEqualTo(6);
		assertThat(pool.stats().queued()).isZero();
	}

	@Test
	void callerThatGotItsAnswerSeesItsTaskCounted() {
		Tpool pool = pool(4);
		for (int i = 1; i <= 200; i++) {
			pool.execute(() -> 1);
			try {
				pool.execute(() -> {
					throw new IllegalStateException();
				});
			}
			catch (IllegalStateException ex) {
				// expected
			}
			TpoolStats stats = pool.stats();
			assertThat(stats.completed()).isEqualTo(2L * i);
			assertThat(stats.failed()).isEqualTo(i);
		}
	}

	@Test
	void listenersAreToldOfEveryTaskWithItsQueueWaitRunTimeAndOutcome() throws InterruptedException {
		Tpool pool = pool(2);
		List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
		TpoolListener listener = (queueWaitNanos, runNanos, failed) -> ended.add((failed ? "failed " : "succeeded ")
				+ (queueWaitNanos >= 0) + " " + TimeUnit.NANOSECONDS.toMillis(runNanos));
		pool.addListener(listener);
		pool.execute(() -> Thread.sleep(20));
		assertThatThrownBy(() -> pool.execute(() -> {
			Thread.sleep(10);
			throw new IllegalStateException();
		})).isInstanceOf(IllegalStateException.class);
		await().until(() -> ended.size() == 2);
		assertThat(ended.get(0)).startsWith("succeeded true ");
		assertThat(Long.parseLong(ended.get(0).split(" ")[2])).isGreaterThanOrEqualTo(20);
		assertThat(ended.get(1)).startsWith("failed true ");
		assertThat(Long.parseLong(ended.get(1).split(" ")[2])).isGreaterThanOrEqualTo(10);
		pool.removeListener(listener);
		pool.execute(() -> 1);
		assertThat(ended).hasSize(2);
	}

	@Test
	void listenerThatThrowsNeitherHurtsTheCallerNorKillsTheThread() {
		Tpool pool = pool(1);
		pool.addListener((queueWaitNanos, runNanos, failed) -> {
			throw new IllegalStateException("listener failed");
		});
		Thread.UncaughtExceptionHandler quiet = (thread, ex) -> {
		};
		String first = pool.execute(() -> {
			Thread.currentThread().setUncaughtExceptionHandler(quiet);
			return Thread.currentThread().getName();
		});
		for (int i = 0; i < 10; i++) {
			assertThat(pool.execute(() -> Thread.currentThread().getName())).isEqualTo(first);
		}
	}

	@Test
	void taskDecoratorWrapsEveryTaskOnTheCallersThread() {
		ThreadLocal<String> context = new ThreadLocal<>();
		Tpool pool = track(Tpool.builder().size(1).taskDecorator((task) -> {
			String captured = context.get();
			return () -> {
				context.set(captured);
				try {
					task.run();
				}
				finally {
					context.remove();
				}
			};
		}).build());
		context.set("caller");
		try {
			assertThat(pool.execute(context::get)).isEqualTo("caller");
		}
		finally {
			context.remove();
		}
		assertThat(pool.execute(context::get)).isNull();
	}

	@Test
	void taskDecoratorThatDoesNotRunTheTaskFailsTheCallInsteadOfHangingIt() {
		Tpool pool = track(Tpool.builder().size(1).taskDecorator((task) -> () -> {
		}).build());
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> pool.execute(() -> 1))
			.withMessageContaining("decorator");
	}

	@Test
	void poolThreadsDoNotInheritTheCreatorsInheritableThreadLocals() {
		InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>();
		inherited.set("creator");
		try {
			Tpool pool = pool(1);
			assertThat(pool.execute(inherited::get)).isNull();
		}
		finally {
			inherited.remove();
		}
	}

	@Test
	void tenThousandVirtualThreadsMakingTenCallsEachThroughFourThreadsLoseNothing() throws Exception {
		Tpool pool = pool(4);
		AtomicLong sum = new AtomicLong();
		AtomicInteger onPool = new AtomicInteger();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 10_000; i++) {
				int caller = i;
				callers.submit(() -> {
					for (int call = 0; call < 10; call++) {
						int value = caller * 10 + call;
						sum.addAndGet(pool.execute(() -> {
							if (pool.isPoolThread()) {
								onPool.incrementAndGet();
							}
							return value;
						}));
					}
					return null;
				});
			}
		}
		long n = 100_000;
		assertThat(sum.get()).isEqualTo(n * (n - 1) / 2);
		assertThat(onPool.get()).isEqualTo(100_000);
		assertThat(pool.stats().completed()).isEqualTo(100_000);
	}

	@Test
	void blockingNativeCallsThroughThePoolFinishInAFractionOfTheirTimeOnTwoCarriers() throws Exception {
		Tpool pool = pool(20);
		int calls = 200;
		Duration offloaded = runConcurrently(calls, () -> pool.execute(() -> NativeSleep.sleep(20)));
		// 200 x 20 ms on 2 carriers take 2 s directly; 20 threads need 200 ms.
		assertThat(offloaded).isLessThan(Duration.ofSeconds(1));
		assertThat(pool.stats().completed()).isEqualTo(calls);
	}

	@Test
	void freshVirtualThreadRunsAtOnceWhileNativeCallsAreOffloaded() throws Exception {
		Tpool pool = pool(20);
		CountDownLatch done = new CountDownLatch(200);
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 200; i++) {
				callers.submit(() -> {
					pool.execute(() -> NativeSleep.sleep(20));
					done.countDown();
				});
			}
			await().until(() -> pool.stats().saturation() > 1);
			long start = System.nanoTime();
			Thread fresh = Thread.ofVirtual().start(() -> {
			});
			fresh.join();
			Duration startLatency = Duration.ofNanos(System.nanoTime() - start);
			assertThat(done.getCount()).isPositive();
			// Directly, the fresh thread would wait for a carrier for about a second.
			assertThat(startLatency).isLessThan(Duration.ofMillis(100));
		}
	}

	@Test
	void blockingNativeCallsMadeDirectlyHoldTheTwoCarriers() throws Exception {
		// The control for the two tests above: the same calls without the pool.
		// 100 x 20 ms on the 2 carriers take 1 s; half of it is a bound that the
		// machine's
		// load cannot fail.
		Duration direct = runConcurrently(100, () -> NativeSleep.sleep(20));
		assertThat(direct).isGreaterThan(Duration.ofMillis(100 * 20 / CARRIERS / 2));
	}

	/**
	 * Makes the calls from virtual threads at once. @return how long they took, once
	 * every call ended; a call that failed fails the test
	 */
	private Duration runConcurrently(int calls, Runnable call) throws InterruptedException, ExecutionException {
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < calls; i++) {
				futures.add(callers.submit(call));
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		for (Future<?> future : futures) {
			future.get();
		}
		return took;
	}

	private Tpool pool(int size) {
		return track(Tpool.builder().size(size).build());
	}

	private Tpool track(Tpool pool) {
		this.pools.add(pool);
		return pool;
	}

	interface Legacy {

		int query() throws IOException;

	}

}
