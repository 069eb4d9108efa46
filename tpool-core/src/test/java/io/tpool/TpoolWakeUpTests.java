package io.tpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.tpool.scheduler.VirtualThreadScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * How idle threads are woken: a caller that finds jobs queued wakes nobody, and whoever
 * takes the job before its own wakes the next; no job may wait while a thread idles,
 * whether idle threads spin or, while every carrier of virtual threads is wanted, do not.
 */
class TpoolWakeUpTests {

	private static final Duration HANG = Duration.ofSeconds(60);

	private static final int SIZE = 8;

	private final List<Tpool> pools = new ArrayList<>();

	private final AtomicBoolean hogging = new AtomicBoolean();

	private final List<Thread> hogs = new ArrayList<>();

	@AfterEach
	void release() throws InterruptedException {
		this.hogging.set(false);
		for (Thread hog : this.hogs) {
			hog.join();
		}
		this.pools.forEach(Tpool::close);
	}

	@Test
	void jobsHandedOffTogetherAllRunAtOnceOnParkedThreads() {
		Tpool pool = pool();
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 200; round++) {
				// Long enough for every idle thread to stop spinning and park.
				Thread.sleep(2);
				runTogether(pool, SIZE, Thread.ofVirtual()::unstarted);
			}
		});
	}

	@Test
	void jobsHandedOffTogetherAllRunAtOnceWhileEveryCarrierIsWanted() throws InterruptedException {
		Tpool pool = pool();
		hogCarriers();
		assertThat(allCarriersWanted()).isTrue();
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 200; round++) {
				// Platform callers: the carriers are taken.
				runTogether(pool, SIZE, Thread.ofPlatform()::unstarted);
			}
		});
		assertThat(allCarriersWanted()).isTrue();
	}

	@Test
	void jobsHandedOffTogetherAllRunAtOnceAfterAbandonedJobsWerePurged() {
		Tpool pool = pool();
		assertTimeoutPreemptively(HANG, () -> {
			for (int round = 0; round < 5; round++) {
				CountDownLatch release = new CountDownLatch(1);
				List<CompletableFuture<Boolean>> blockers = new ArrayList<>();
				for (int i = 0; i < SIZE; i++) {
					blockers.add(pool.submit(() -> release.await(30, TimeUnit.SECONDS)));
				}
				// Callers that give up while every thread is busy: their jobs are
				// abandoned in the queue, and purged once they are many.
				List<Thread> quitters = new ArrayList<>();
				for (int i = 0; i < 500; i++) {
					quitters.add(Thread.ofVirtual().start(() -> {
						try {
							pool.execute(() -> 1, Duration.ofMillis(5));
						}
						catch (TpoolTimeoutException ex) {
							// Expected: the job never started.
						}
					}));
				}
				for (Thread quitter : quitters) {
					quitter.join();
				}
				release.countDown();
				for (CompletableFuture<Boolean> blocker : blockers) {
					assertThat(blocker.get()).isTrue();
				}
				for (int i = 0; i < 20; i++) {
					Thread.sleep(2);
					runTogether(pool, SIZE, Thread.ofVirtual()::unstarted);
				}
			}
		});
	}

	@Test
	void everyCarrierIsWantedOnlyWhileVirtualThreadsWaitForThem() throws InterruptedException {
		await().atMost(Duration.ofSeconds(10)).until(() -> !allCarriersWanted());
		hogCarriers();
		assertThat(allCarriersWanted()).isTrue();
		this.hogging.set(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !allCarriersWanted());
	}

	private Tpool pool() {
		Tpool pool = Tpool.builder().size(SIZE).build();
		this.pools.add(pool);
		return pool;
	}

	/**
	 * Hands off {@code count} jobs from as many callers at once; each job waits until all
	 * have started, so that none ends unless a thread ran every one.
	 */
	private static void runTogether(Tpool pool, int count, Function<Runnable, Thread> threads)
			throws InterruptedException {
		CountDownLatch started = new CountDownLatch(count);
		List<Thread> callers = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			callers.add(threads.apply(() -> {
				try {
					boolean all = pool.execute(() -> {
						started.countDown();
						return started.await(20, TimeUnit.SECONDS);
					});
					assertThat(all).as("every job started while the others waited").isTrue();
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}));
		}
		callers.forEach(Thread::start);
		for (Thread caller : callers) {
			caller.join();
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * Keeps every carrier busy with virtual threads that never yield, and as many again
	 * waiting for each as make every carrier count as wanted.
	 */
	private void hogCarriers() throws InterruptedException {
		this.hogging.set(true);
		int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
				Runtime.getRuntime().availableProcessors());
		int count = carriers * (HandOff.WAITING_PER_CARRIER + 2);
		CountDownLatch running = new CountDownLatch(carriers);
		for (int i = 0; i < count; i++) {
			this.hogs.add(Thread.ofVirtual().start(() -> {
				running.countDown();
				while (this.hogging.get()) {
					Thread.onSpinWait();
				}
			}));
		}
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(TpoolWakeUpTests::allCarriersWanted);
	}

	private static boolean allCarriersWanted() {
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		assertThat(scheduler).as("the scheduler's MXBean (JDK 24 and later)").isNotNull();
		return scheduler.allCarriersWanted(HandOff.WAITING_PER_CARRIER);
	}

}
