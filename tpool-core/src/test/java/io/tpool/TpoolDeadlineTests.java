package io.tpool;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the deadlines and the maximum queue wait of a {@link Tpool}.
 */
class TpoolDeadlineTests {

	private final List<Tpool> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(Tpool::close);
	}

	@Test
	void callPastItsDeadlineGetsATimeoutAndItsRunningTaskIsInterrupted() throws Exception {
		Tpool pool = track(Tpool.builder().name("deadline").size(1).build());
		// A thread is alive, so the task starts well within its deadline even on a busy
		// machine.
		pool.execute(() -> 1);
		CountDownLatch interrupted = new CountDownLatch(1);
		assertThatExceptionOfType(TpoolTimeoutException.class).isThrownBy(() -> pool.execute(() -> {
			try {
				Thread.sleep(Duration.ofMinutes(1));
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
		}, Duration.ofMillis(500)))
			.withMessageContaining("tpool 'deadline'")
			.withMessageContaining("PT0.5S")
			.withMessageContaining("while the task ran; it was interrupted");
		assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.stats().timedOut()).isEqualTo(1);
		assertThat(pool.execute(() -> Thread.currentThread().isInterrupted())).isFalse();
	}

	@Test
	void timeoutOfACallAndOfASubmittedTaskNamesThePool() throws Exception {
		Tpool pool = track(Tpool.builder().name("reports").size(1).timeout(Duration.ofMillis(50)).build());
		assertThatExceptionOfType(TpoolTimeoutException.class)
			.isThrownBy(() -> pool.execute(() -> Thread.sleep(5_000), Duration.ofMillis(50)))
			.satisfies((ex) -> assertThat(ex.getPoolName()).isEqualTo("reports"));
		CompletableFuture<Object> future = pool.submit(() -> {
			Thread.sleep(5_000);
			return null;
		});
		assertThat(future.handle((value, ex) -> ex).get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(
				TpoolTimeoutException.class, (ex) -> assertThat(ex.getPoolName()).isEqualTo("reports"));
	}

	@Test
	void timeoutMadeWithAMessageOnlyHasNoPoolName() {
		TpoolTimeoutException timeout = new TpoolTimeoutException("too late");
		assertThat(timeout).hasMessage("too late");
		assertThat(timeout.getPoolName()).isNull();
	}

	@Test
	void queuedCallPastItsDeadlineNeverRuns() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		AtomicBoolean ran = new AtomicBoolean();
		assertThatExceptionOfType(TpoolTimeoutException.class)
			.isThrownBy(() -> pool.execute(() -> ran.set(true), Duration.ofMillis(50)))
			.withMessageContaining("before the task started; it never runs");
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		pool.execute(() -> {
		});
		assertThat(ran).isFalse();
		assertThat(pool.stats().timedOut()).isEqualTo(1);
		assertThat(pool.stats().queued()).isZero();
	}

	@Test
	void thePoolsTimeoutIsEveryCallsDeadlineAndACallsOwnWins() throws InterruptedException {
		Tpool pool = track(Tpool.builder().size(1).timeout(Duration.ofMillis(50)).build());
		assertThat(pool.timeout()).isEqualTo(Duration.ofMillis(50));
		assertThatExceptionOfType(TpoolTimeoutException.class).isThrownBy(() -> pool.execute(() -> Thread.sleep(5_000)))
			.withMessageContaining("PT0.05S");
		assertThat(pool.execute(() -> {
			Thread.sleep(200);
			return "in time";
		}, Duration.ofSeconds(10))).isEqualTo("in time");
	}

	@Test
	void proxiedCallsHaveThePoolsDeadline() {
		Tpool pool = track(Tpool.builder().size(1).timeout(Duration.ofMillis(50)).build());
		Runnable slow = pool.proxy(() -> {
			try {
				Thread.sleep(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, Runnable.class);
		assertThatExceptionOfType(TpoolTimeoutException.class).isThrownBy(slow::run);
	}

	@Test
	void submittedTaskPastThePoolsDeadlineCompletesItsFutureWithATimeoutAndIsInterrupted() throws Exception {
		Tpool pool = track(Tpool.builder().size(1).timeout(Duration.ofMillis(500)).build());
		pool.execute(() -> 1);
		CountDownLatch interrupted = new CountDownLatch(1);
		CompletableFuture<Object> future = pool.submit(() -> {
			try {
				Thread.sleep(Duration.ofMinutes(1));
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
			return null;
		});
		// A TpoolTimeoutException is a CancellationException: the future counts as
		// cancelled, as CompletableFuture.orTimeout's would not, but as the contract
		// says.
		assertThat(future.handle((value, ex) -> ex).get(10, TimeUnit.SECONDS)).isInstanceOf(TpoolTimeoutException.class)
			.hasMessageContaining("while the task ran; it was interrupted");
		assertThat(future.isCancelled()).isTrue();
		assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pool.stats().timedOut()).isEqualTo(1);
	}

	@Test
	void taskThatCannotStartWithinTheMaximumQueueWaitIsShedAndNeverRuns() throws Exception {
		Tpool pool = track(Tpool.builder().name("shedding").size(1).maxQueueWait(Duration.ofMillis(100)).build());
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> blocker = pool.submit(() -> release.await(1, TimeUnit.MINUTES));
		await().until(() -> pool.stats().active() == 1);
		AtomicBoolean ran = new AtomicBoolean();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.execute(() -> ran.set(true)))
			.withMessageContaining("tpool 'shedding'")
			.withMessageContaining("maximum queue wait of PT0.1S");
		CompletableFuture<Boolean> shedFuture = pool.submit(() -> ran.getAndSet(true));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> shedFuture.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(RejectedExecutionException.class);
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		pool.execute(() -> {
		});
		assertThat(ran).isFalse();
		assertThat(pool.stats().rejected()).isEqualTo(2);
		assertThat(pool.stats().queued()).isZero();
	}

	@Test
	void taskThatStartsWithinTheMaximumQueueWaitRuns() {
		Tpool pool = track(Tpool.builder().size(1).maxQueueWait(Duration.ofSeconds(10)).build());
		assertThat(pool.execute(() -> "started")).isEqualTo("started");
		assertThat(pool.stats().rejected()).isZero();
	}

	@Test
	void nonPositiveDeadlinesAreRefusedNamingTheSettingAndValue() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Tpool.builder().timeout(Duration.ZERO).build())
			.withMessageContaining("timeout must be positive, but was PT0S");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Tpool.builder().maxQueueWait(Duration.ofMillis(-5)).build())
			.withMessageContaining("maxQueueWait must be positive, but was PT-0.005S");
		Tpool pool = track(Tpool.builder().size(1).build());
		assertThatIllegalArgumentException().isThrownBy(() -> pool.execute(() -> 1, Duration.ZERO))
			.withMessageContaining("timeout must be positive, but was PT0S");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void aMaxQueueWaitShedsInTimeAndTheCallersWhoseTasksRunParkPastIt(boolean withTimeout) throws Exception {
		Duration maxQueueWait = Duration.ofMillis(500);
		Tpool.Builder builder = Tpool.builder().name("reports").size(2).maxQueueWait(maxQueueWait);
		Tpool pool = track((withTimeout ? builder.timeout(Duration.ofMinutes(1)) : builder).build());
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(2);
		List<Thread> running = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			running.add(Thread.ofVirtual().start(() -> pool.execute(() -> {
				started.countDown();
				awaitUninterruptibly(release);
			})));
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		// A virtual caller, as in a web application: it needs a carrier to learn that it
		// was shed.
		CompletableFuture<Duration> shedAfter = new CompletableFuture<>();
		Thread.ofVirtual().start(() -> {
			long handedOffAt = System.nanoTime();
			try {
				pool.execute(() -> 1);
				shedAfter.completeExceptionally(new AssertionError("The third call ran"));
			}
			catch (TpoolRejectedException ex) {
				assertThat(ex).hasMessageContaining("tpool 'reports'");
				assertThat(ex.getReason()).isEqualTo(TpoolRejectedException.Reason.SHED);
				shedAfter.complete(Duration.ofNanos(System.nanoTime() - handedOffAt));
			}
			catch (Throwable ex) {
				shedAfter.completeExceptionally(ex);
			}
		});
		assertThat(shedAfter.get(10, TimeUnit.SECONDS)).isBetween(maxQueueWait, maxQueueWait.plusMillis(50));
		// The start deadlines of the two running tasks passed long ago: their callers
		// still park, so a fresh virtual thread runs at once.
		Thread.sleep(100);
		long probedAt = System.nanoTime();
		long[] ranAt = new long[1];
		Thread.startVirtualThread(() -> ranAt[0] = System.nanoTime()).join();
		assertThat(Duration.ofNanos(ranAt[0] - probedAt)).isLessThan(Duration.ofMillis(50));
		release.countDown();
		for (Thread caller : running) {
			assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
		}
	}

	@Test
	void aDeadlineOfForeverIsADeadlineThatNeverPasses() throws Exception {
		Duration forever = ChronoUnit.FOREVER.getDuration();
		Tpool pool = track(Tpool.builder()
			.size(1)
			.timeout(forever)
			.maxQueueWait(forever)
			.keepAlive(forever)
			.shutdownTimeout(forever)
			.build());
		assertThat(pool.execute(() -> "pool's timeout")).isEqualTo("pool's timeout");
		assertThat(pool.execute(() -> "own deadline", forever)).isEqualTo("own deadline");
		AtomicInteger ran = new AtomicInteger();
		pool.execute(ran::incrementAndGet, forever);
		assertThat(pool.submit(() -> "submitted").get(10, TimeUnit.SECONDS)).isEqualTo("submitted");
		Tpool plain = track(Tpool.builder().size(1).build());
		assertThat(plain.execute(() -> "own deadline", forever)).isEqualTo("own deadline");
		pool.close();
		assertThat(ran).hasValue(1);
		assertThat(pool.stats().completed()).isEqualTo(4);
	}

	@Test
	void aSlowStageOnOnePoolsDeadlineNeverDelaysAnotherPoolsDeadline() throws Exception {
		Tpool first = track(Tpool.builder().name("first").size(1).timeout(Duration.ofMillis(50)).build());
		Tpool second = track(Tpool.builder().name("second").size(1).timeout(Duration.ofMillis(150)).build());
		CountDownLatch release = new CountDownLatch(1);
		List<String> stageThreads = new CopyOnWriteArrayList<>();
		CompletableFuture<Boolean> slowStage = first.submit(() -> release.await(1, TimeUnit.MINUTES))
			.handle((value, ex) -> {
				stageThreads.add(Thread.currentThread().getName());
				try {
					Thread.sleep(2_000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
				return true;
			});
		Thread.sleep(100);
		long submittedAt = System.nanoTime();
		CompletableFuture<Boolean> timed = second.submit(() -> release.await(1, TimeUnit.MINUTES));
		assertThat(timed.handle((value, ex) -> ex).get(10, TimeUnit.SECONDS)).isInstanceOf(TpoolTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - submittedAt)).isLessThan(Duration.ofMillis(1_000));
		release.countDown();
		assertThat(slowStage.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(stageThreads).singleElement().asString().startsWith("deadline of tpool 'first'");
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		for (;;) {
			try {
				latch.await();
				return;
			}
			catch (InterruptedException ex) {
				// The test's own release ends the wait.
			}
		}
	}

	private Tpool track(Tpool pool) {
		this.pools.add(pool);
		return pool;
	}

}
