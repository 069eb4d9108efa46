package io.tpool;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import com.sun.management.OperatingSystemMXBean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The carrier-freedom matrix: for every way of waiting for a pool, four virtual callers
 * wait on tasks that run for seconds on a pool of two threads, and meanwhile the process
 * spends no more CPU than it does idle and a fresh virtual thread starts at once. A
 * caller that spins on its carrier instead of parking costs about a CPU-second per second
 * here, and two of them keep every other virtual thread from running.
 * <p>
 * The measured window opens {@value #SETTLE_MILLIS} ms after the hand-offs, after the
 * start deadline of the cases with a maximum queue wait has passed while two tasks run
 * on, and closes before the tasks end.
 */
class TpoolCarrierFreedomTests {

	private static final int CALLERS = 4;

	private static final int THREADS = 2;

	/** How long a task runs unless released: longer than the window. */
	private static final Duration TASK = Duration.ofSeconds(2);

	private static final long SETTLE_MILLIS = 300;

	private static final Duration MAX_QUEUE_WAIT = Duration.ofMillis(200);

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(20);

	/**
	 * CPU-seconds per wall-second above idle, on two carriers: a spinning caller costs
	 * 0.5 to 2.
	 */
	private static final double MAX_CPU_ABOVE_IDLE = 0.05;

	private static final Duration MAX_START_LATENCY = Duration.ofMillis(50);

	private static final Duration HANG = Duration.ofSeconds(60);

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static Measurement idle;

	@BeforeAll
	static void measureIdle() throws Exception {
		// Every way of waiting once, briefly, so that compiling its code does not count
		// as its CPU; then the probes themselves, once to warm them up and once to
		// measure.
		for (Waiting waiting : Waiting.values()) {
			warmUp(waiting);
		}
		measure(() -> {
		});
		idle = measure(() -> {
		});
		System.out.printf(Locale.ROOT, "carrier freedom: idle %s%n", idle);
	}

	private static void warmUp(Waiting waiting) throws InterruptedException {
		try (Tpool pool = waiting.configure.apply(Tpool.builder().name("warm-up").size(THREADS)).build()) {
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				callers.add(Thread.ofVirtual().start(() -> {
					try {
						waiting.caller.waitFor(pool, () -> {
							sleep(Duration.ofMillis(20));
							return true;
						});
					}
					catch (Throwable ex) {
						// Shed, timed out: warm all the same.
					}
				}));
			}
			for (Thread caller : callers) {
				caller.join(Duration.ofSeconds(10));
			}
		}
	}

	@ParameterizedTest
	@EnumSource
	void waitingCallersLeaveTheCarriersFree(Waiting waiting) {
		Measurement measured = assertTimeoutPreemptively(HANG, () -> measureWhileCallersWait(waiting));
		double aboveIdle = measured.cpuPerSecond() - idle.cpuPerSecond();
		System.out.printf(Locale.ROOT, "carrier freedom: %s %s, %.3f CPU-s/s above idle%n", waiting, measured,
				aboveIdle);
		assertThat(aboveIdle).as("CPU-seconds per second above idle while callers %s", waiting.description)
			.isLessThanOrEqualTo(MAX_CPU_ABOVE_IDLE);
		assertThat(measured.maxStartLatency())
			.as("start of a fresh virtual thread while callers %s", waiting.description)
			.isLessThanOrEqualTo(MAX_START_LATENCY);
	}

	private static Measurement measureWhileCallersWait(Waiting waiting) throws Exception {
		Tpool pool = waiting.configure.apply(Tpool.builder().name("free-" + waiting.name()).size(THREADS)).build();
		CountDownLatch release = new CountDownLatch(1);
		Task<Boolean, RuntimeException> task = () -> awaitIgnoringInterrupts(release);
		List<Thread> callers = new ArrayList<>();
		try {
			for (int i = 0; i < CALLERS; i++) {
				callers.add(Thread.ofVirtual().name("caller-" + i).start(() -> {
					try {
						waiting.caller.waitFor(pool, task);
					}
					catch (Throwable ex) {
						// Shed, timed out, interrupted or closed: the wait ended, which
						// is not what is measured here.
					}
				}));
			}
			Thread.sleep(SETTLE_MILLIS);
			Runnable during = () -> {
			};
			AtomicBoolean measuring = new AtomicBoolean(true);
			Thread alongside = null;
			if (waiting == Waiting.INTERRUPTED_WHILE_THE_TASK_RUNS_ON) {
				callers.forEach(Thread::interrupt);
			}
			else if (waiting == Waiting.WHILE_RESIZE_RUNS) {
				alongside = Thread.ofVirtual().name("resizer").start(() -> {
					for (int size = 1; measuring.get(); size = (size % 4) + 1) {
						pool.resize(size);
						sleep(Duration.ofMillis(50));
					}
					pool.resize(THREADS);
				});
			}
			else if (waiting == Waiting.WHILE_A_GRACEFUL_CLOSE_RUNS) {
				alongside = Thread.ofVirtual().name("closer").start(pool::close);
			}
			Measurement measurement = measure(during);
			measuring.set(false);
			release.countDown();
			for (Thread caller : callers) {
				assertThat(caller.join(Duration.ofSeconds(20))).as("%s ended", caller).isTrue();
			}
			if (alongside != null) {
				assertThat(alongside.join(Duration.ofSeconds(20))).as("%s ended", alongside).isTrue();
			}
			return measurement;
		}
		finally {
			release.countDown();
			pool.close();
		}
	}

	/**
	 * Measures the process's CPU and the start latency of fresh virtual threads over
	 * {@link #WINDOW}.
	 */
	private static Measurement measure(Runnable during) throws InterruptedException {
		during.run();
		long wallStart = System.nanoTime();
		long cpuStart = OS.getProcessCpuTime();
		long windowEnd = wallStart + WINDOW.toNanos();
		long maxLatency = 0;
		while (System.nanoTime() - windowEnd < 0) {
			long[] started = new long[1];
			long handedAt = System.nanoTime();
			Thread probe = Thread.startVirtualThread(() -> started[0] = System.nanoTime());
			probe.join();
			maxLatency = Math.max(maxLatency, started[0] - handedAt);
			Thread.sleep(PROBE_INTERVAL);
		}
		long cpu = OS.getProcessCpuTime() - cpuStart;
		long wall = System.nanoTime() - wallStart;
		return new Measurement((double) cpu / wall, Duration.ofNanos(maxLatency));
	}

	private static boolean awaitIgnoringInterrupts(CountDownLatch release) {
		long end = System.nanoTime() + TASK.toNanos();
		boolean interrupted = false;
		try {
			for (;;) {
				try {
					return release.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A way of waiting for a pool: how the pool is configured and how a caller waits.
	 */
	enum Waiting {

		EXECUTE("execute", UnaryOperator.identity(), Tpool::execute),

		EXECUTE_WITH_A_DEADLINE("execute with a deadline of their own", UnaryOperator.identity(),
				(pool, task) -> pool.execute(task, Duration.ofSeconds(30))),

		EXECUTE_WITH_THE_POOLS_TIMEOUT("execute under the pool's timeout",
				(builder) -> builder.timeout(Duration.ofSeconds(30)), Tpool::execute),

		EXECUTE_WITH_A_MAX_QUEUE_WAIT("execute under a maximum queue wait alone",
				(builder) -> builder.maxQueueWait(MAX_QUEUE_WAIT), Tpool::execute),

		EXECUTE_WITH_A_MAX_QUEUE_WAIT_AND_A_TIMEOUT("execute under a maximum queue wait and a timeout",
				(builder) -> builder.maxQueueWait(MAX_QUEUE_WAIT).timeout(Duration.ofSeconds(30)), Tpool::execute),

		SUBMIT_GET("wait in get() of submit's future", UnaryOperator.identity(),
				(pool, task) -> pool.submit(task::call).get()),

		SUBMIT_GET_WITH_A_TIMEOUT("wait in get(timeout) of submit's future", UnaryOperator.identity(),
				(pool, task) -> pool.submit(task::call).get(30, TimeUnit.SECONDS)),

		SUBMIT_JOIN("wait in join() of submit's future", UnaryOperator.identity(),
				(pool, task) -> pool.submit(task::call).join()),

		SUBMIT_DEPENDENT_STAGE("wait for a stage that depends on submit's future", UnaryOperator.identity(),
				(pool, task) -> pool.submit(task::call).thenApply((value) -> !value).join()),

		SUBMIT_WITH_A_MAX_QUEUE_WAIT_AND_A_TIMEOUT(
				"wait in get() of submit's future under a maximum queue wait and a timeout",
				(builder) -> builder.maxQueueWait(MAX_QUEUE_WAIT).timeout(Duration.ofSeconds(30)),
				(pool, task) -> pool.submit(task::call).get()),

		INTERRUPTED_WHILE_THE_TASK_RUNS_ON("were interrupted while their tasks, which ignore interrupts, run on",
				UnaryOperator.identity(), Tpool::execute),

		WHILE_RESIZE_RUNS("execute while the pool is resized again and again", UnaryOperator.identity(),
				Tpool::execute),

		WHILE_A_GRACEFUL_CLOSE_RUNS("execute while a graceful close() waits for their tasks",
				(builder) -> builder.shutdownTimeout(Duration.ofSeconds(30)), Tpool::execute);

		final String description;

		final UnaryOperator<Tpool.Builder> configure;

		final Caller caller;

		Waiting(String description, UnaryOperator<Tpool.Builder> configure, Caller caller) {
			this.description = description;
			this.configure = configure;
			this.caller = caller;
		}

	}

	@FunctionalInterface
	interface Caller {

		void waitFor(Tpool pool, Task<Boolean, RuntimeException> task) throws Exception;

	}

	record Measurement(double cpuPerSecond, Duration maxStartLatency) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.3f CPU-s/s, fresh virtual thread started within %.1f ms",
					this.cpuPerSecond, this.maxStartLatency.toNanos() / 1e6);
		}

	}

}
