package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

	private Tpool track(Tpool pool) {
		this.pools.add(pool);
		return pool;
	}

}
