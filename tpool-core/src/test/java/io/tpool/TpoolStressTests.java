package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Thousands of virtual callers with random failures, interrupts, cancels, deadlines and
 * {@code close()} racing the calls: every call ends with an allowed outcome, nothing is
 * lost or counted twice, and no thread outlives the pool.
 */
class TpoolStressTests {

	private static final Duration HANG = Duration.ofSeconds(120);

	@Test
	void hostileCallersOnElasticThreadsEachGetAnAllowedOutcomeAndTheCountsAddUp() {
		assertTimeoutPreemptively(HANG, () -> {
			Tpool pool = Tpool.builder()
				.name("stress")
				.size(4)
				.queueCapacity(64)
				.keepAlive(Duration.ofMillis(5))
				.maxQueueWait(Duration.ofMillis(200))
				.build();
			Outcomes outcomes = new Outcomes();
			AtomicLong ran = new AtomicLong();
			List<Thread> callers = new ArrayList<>();
			AtomicBoolean chaos = new AtomicBoolean(true);
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < 3_000; i++) {
					CountDownLatch started = new CountDownLatch(1);
					threads.submit(() -> {
						synchronized (callers) {
							callers.add(Thread.currentThread());
						}
						started.countDown();
						for (int call = 0; call < 20; call++) {
							hostileCall(pool, ran, outcomes);
						}
						return null;
					});
					started.await();
				}
				Thread interrupter = Thread.ofPlatform().start(() -> {
					while (chaos.get()) {
						Thread victim;
						synchronized (callers) {
							victim = callers.get(ThreadLocalRandom.current().nextInt(callers.size()));
						}
						victim.interrupt();
						// Outside code interrupting a pool thread.
						pool.execute(() -> {
							ran.incrementAndGet();
							Thread.currentThread().interrupt();
						});
						sleepMicros(200);
					}
				});
				threads.shutdown();
				assertThat(threads.awaitTermination(100, TimeUnit.SECONDS)).isTrue();
				chaos.set(false);
				interrupter.join();
			}
			assertThat(outcomes.unexpected).isEmpty();
			assertThat(outcomes.total()).isEqualTo(3_000L * 20);
			// Interrupted tasks may still be ending; then nothing is left behind.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> pool.stats().active() == 0 && pool.stats().queued() == 0 && pool.queueEntries() == 0);
			TpoolStats stats = pool.stats();
			// Every task that started ran to an end on a pool thread and was counted
			// once.
			assertThat(stats.completed()).isEqualTo(ran.get());
			pool.close();
			assertThat(stats.threads()).isLessThanOrEqualTo(4);
			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().startsWith("stress-"));
		});
	}

	@Test
	void closeRacingThousandsOfCallsEndsEveryCallAndLeavesNoThread() {
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 20; round++) {
				boolean forced = round % 2 == 0;
				Tpool pool = Tpool.builder()
					.name("racing")
					.size(3)
					.keepAlive(Duration.ofMillis(1))
					.shutdownTimeout(forced ? Duration.ZERO : Duration.ofSeconds(10))
					.build();
				Outcomes outcomes = new Outcomes();
				AtomicLong ran = new AtomicLong();
				try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
					for (int i = 0; i < 500; i++) {
						threads.submit(() -> {
							for (int call = 0; call < 10; call++) {
								hostileCall(pool, ran, outcomes);
							}
							return null;
						});
					}
					sleepMicros(ThreadLocalRandom.current().nextInt(5_000));
					pool.close();
				}
				assertThat(outcomes.unexpected).isEmpty();
				assertThat(outcomes.total()).isEqualTo(500L * 10);
				assertThat(pool.stats().completed()).isEqualTo(ran.get());
				assertThat(Thread.getAllStackTraces().keySet())
					.noneMatch((thread) -> thread.getName().startsWith("racing-"));
			}
		});
	}

	@Test
	void twoResizersAndCloseRacingHostileCallersOnChurningThreadsEndEveryCallAndEveryResize() {
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 10; round++) {
				boolean forced = round % 2 == 0;
				Tpool pool = Tpool.builder()
					.name("resizing")
					.size(4)
					.queueCapacity(100)
					.keepAlive(Duration.ofMillis(1))
					.shutdownTimeout(forced ? Duration.ZERO : Duration.ofSeconds(10))
					.build();
				Outcomes outcomes = new Outcomes();
				AtomicLong ran = new AtomicLong();
				AtomicBoolean resizing = new AtomicBoolean(true);
				List<Thread> resizers = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					resizers.add(Thread.ofPlatform().name("resizer-" + i).start(() -> {
						ThreadLocalRandom random = ThreadLocalRandom.current();
						while (resizing.get()) {
							// Grow far and shrink to one, at the same moments.
							pool.resize(random.nextBoolean() ? random.nextInt(32, 257) : 1);
							sleepMicros(random.nextInt(500));
						}
						// And once more against close().
						pool.resize(2_000);
					}));
				}
				try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
					for (int i = 0; i < 1_000; i++) {
						threads.submit(() -> {
							for (int call = 0; call < 20; call++) {
								hostileCall(pool, ran, outcomes);
							}
							return null;
						});
					}
					sleepMicros(ThreadLocalRandom.current().nextInt(20_000, 100_000));
					resizing.set(false);
					pool.close();
				}
				for (Thread resizer : resizers) {
					assertThat(resizer.join(Duration.ofSeconds(30))).as("%s returned", resizer).isTrue();
				}
				assertThat(outcomes.unexpected).isEmpty();
				assertThat(outcomes.total()).isEqualTo(1_000L * 20);
				assertThat(pool.stats().completed()).isEqualTo(ran.get());
				assertThat(Thread.getAllStackTraces().keySet())
					.noneMatch((thread) -> thread.getName().startsWith("resizing-"));
			}
		});
	}

	private static void hostileCall(Tpool pool, AtomicLong ran, Outcomes outcomes) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int kind = random.nextInt(6);
		long value = random.nextLong();
		IllegalStateException failure = new IllegalStateException("task failed");
		Task<Long, RuntimeException> task = () -> {
			ran.incrementAndGet();
			switch (random.nextInt(4)) {
				case 0 -> throw failure;
				case 1 -> sleepMicros(random.nextInt(300));
				case 2 -> Thread.currentThread().interrupt();
				default -> {
				}
			}
			return value;
		};
		try {
			switch (kind) {
				case 0, 1 -> outcomes.value(pool.execute(task), value);
				case 2 -> outcomes.value(pool.execute(task, Duration.ofNanos(random.nextInt(1, 400_000))), value);
				case 3 -> outcomes.value(pool.submit(task::call).get(), value);
				case 4 -> {
					CompletableFuture<Long> future = pool.submit(task::call);
					if (future.cancel(random.nextBoolean())) {
						outcomes.cancelled.incrementAndGet();
					}
					else {
						outcomes.value(future.get(), value);
					}
				}
				default -> {
					CompletableFuture<Long> future = pool.submit(task::call);
					try {
						outcomes.value(future.get(random.nextInt(1, 500), TimeUnit.MICROSECONDS), value);
					}
					finally {
						future.cancel(true);
					}
				}
			}
		}
		catch (CancellationException | InterruptedException | TimeoutException ex) {
			// CancellationException is an IllegalStateException: caught first.
			outcomes.cancelled.incrementAndGet();
		}
		catch (IllegalStateException ex) {
			outcomes.expect(ex == failure, ex);
			outcomes.failed.incrementAndGet();
		}
		catch (ExecutionException ex) {
			outcomes.expect(ex.getCause() == failure || ex.getCause() instanceof RejectedExecutionException
					|| ex.getCause() instanceof CancellationException, ex);
			outcomes.failed.incrementAndGet();
		}
		catch (RejectedExecutionException ex) {
			outcomes.expect(ex.getMessage().contains("tpool '"), ex);
			outcomes.rejected.incrementAndGet();
		}
		catch (Throwable ex) {
			outcomes.expect(false, ex);
		}
		finally {
			// The chaos interrupts callers: a flag left over would end the next call at
			// once, which is allowed but makes the test lazier.
			Thread.interrupted();
		}
	}

	private static void sleepMicros(long micros) {
		long until = System.nanoTime() + micros * 1_000;
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
	}

	private static final class Outcomes {

		final AtomicLong values = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final AtomicLong rejected = new AtomicLong();

		final AtomicLong cancelled = new AtomicLong();

		final ConcurrentHashMap<String, Throwable> unexpected = new ConcurrentHashMap<>();

		void value(long actual, long expected) {
			if (actual != expected) {
				fail("A caller got " + actual + " instead of " + expected);
			}
			this.values.incrementAndGet();
		}

		void expect(boolean expected, Throwable ex) {
			if (!expected) {
				this.unexpected.putIfAbsent(ex.toString(), ex);
			}
		}

		long total() {
			return this.values.get() + this.failed.get() + this.rejected.get() + this.cancelled.get()
					+ this.unexpected.size();
		}

	}

}
