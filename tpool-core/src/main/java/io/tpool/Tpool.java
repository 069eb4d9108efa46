package io.tpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.tpool.internal.Offloader;
import org.jspecify.annotations.Nullable;

/**
 * A bounded pool of platform threads for calls that would hold a virtual thread's
 * carrier: blocking native calls, long CPU loops, blocking class initializers. The caller
 * blocks until its call ends; a virtual caller parks and frees its carrier meanwhile. The
 * Java counterpart of eventlet's {@code tpool}.
 * <p>
 * Threads start on demand, never more than {@link #size()} at once, and one that stays
 * idle for the keep-alive ends; {@link #resize(int)} changes the size live. A deadline
 * ({@link Builder#timeout(Duration)}, {@link #execute(Task, Duration)}) bounds how long a
 * caller waits, and a maximum queue wait ({@link Builder#maxQueueWait(Duration)}) sheds
 * work that cannot start in time.
 * <p>
 * Deliberately neither an {@link java.util.concurrent.Executor} nor a Spring
 * {@code TaskExecutor}: as a bean it must not replace an application's own task executor.
 *
 * @since 0.1.0
 */
public final class Tpool implements AutoCloseable {

	/** The number of threads when neither the builder nor the environment set one. */
	public static final int DEFAULT_SIZE = TpoolSettings.DEFAULT_SIZE;

	/**
	 * The most threads a pool may have: beyond it a misconfiguration would fail with
	 * {@code OutOfMemoryError: unable to create native thread}.
	 * @since 0.2.0
	 */
	public static final int MAX_SIZE = TpoolSettings.MAX_SIZE;

	/** The environment variable that sets the number of threads, as in eventlet. */
	public static final String SIZE_ENVIRONMENT_VARIABLE = TpoolSettings.SIZE_ENVIRONMENT_VARIABLE;

	/** The name when the builder sets none. */
	public static final String DEFAULT_NAME = "tpool";

	/**
	 * How long {@link #close()} waits for running and queued tasks when the builder sets
	 * no shutdown timeout.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long an idle thread lives when the builder sets no keep-alive.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

	private static final long CLOSED = 1L << 62;

	private static final long COUNT_MASK = CLOSED - 1;

	/** How long a closing pool waits for interrupted tasks to end. */
	private static final Duration FORCED_SHUTDOWN_GRACE = Duration.ofSeconds(5);

	/**
	 * How long a caller whose job went to a spinning worker checks for the outcome before
	 * it parks: a round trip of a short task completes within it, which saves both a park
	 * and an unpark. A caller whose job has to wait for a wake-up parks at once.
	 */
	private static final long CALLER_SPIN_NANOS = 10_000;

	/** Abandoned jobs are purged from the queue once there are this many and more... */
	private static final long PURGE_THRESHOLD = 64;

	private static final VarHandle CTL;

	private static final VarHandle SIZE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			CTL = lookup.findVarHandle(Tpool.class, "ctl", long.class);
			SIZE = lookup.findVarHandle(Tpool.class, "size", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String name;

	private final @Nullable Integer queueCapacity;

	private final Duration shutdownTimeout;

	private final long keepAliveNanos;

	private final @Nullable Duration timeout;

	/** The timeout in nanoseconds, or 0 for none. */
	private final long timeoutNanos;

	private final @Nullable Duration maxQueueWait;

	/** The maximum queue wait in nanoseconds, or 0 for none. */
	private final long maxQueueWaitNanos;

	private final @Nullable UnaryOperator<Runnable> taskDecorator;

	private final @Nullable ContextCarrier contextCarrier;

	/**
	 * The jobs accepted and not yet released, and the CLOSED bit. A job is released once:
	 * by the worker that ran it, or by whoever takes it out of the queue when it will
	 * never run.
	 */
	private volatile long ctl;

	private volatile int size;

	private final HandOff jobs = new HandOff();

	/** Jobs still in the queue that will never run: their callers gave up. */
	private final AtomicLong abandoned = new AtomicLong();

	private final Object purgeLock = new Object();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong timedOut = new AtomicLong();

	private final Object listenersLock = new Object();

	private volatile TpoolListener[] listeners = new TpoolListener[0];

	/** The pool as its threads and its futures see it. */
	private final Inside inside = new Inside();

	/** The threads, which start, retire and end as their owner decides. */
	private final Workers workers;

	private Tpool(TpoolSettings settings) {
		this.name = settings.name();
		this.size = settings.size();
		this.queueCapacity = settings.queueCapacity();
		this.shutdownTimeout = settings.shutdownTimeout();
		this.keepAliveNanos = Nanos.of(settings.keepAlive());
		this.timeout = settings.timeout();
		this.timeoutNanos = (this.timeout != null) ? Nanos.of(this.timeout) : 0;
		this.maxQueueWait = settings.maxQueueWait();
		this.maxQueueWaitNanos = (this.maxQueueWait != null) ? Nanos.of(this.maxQueueWait) : 0;
		this.taskDecorator = settings.taskDecorator();
		this.contextCarrier = settings.contextCarrier();
		this.workers = new Workers(this.inside, this.jobs, settings.threadNamePrefix(), this.keepAliveNanos);
	}

	/**
	 * A builder with every setting at its default.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Runs {@code task} on a pool thread and blocks until it ends; a virtual caller parks
	 * and frees its carrier meanwhile. Called from one of this pool's threads, runs the
	 * task inline. The pool's {@linkplain Builder#timeout(Duration) timeout}, if any, is
	 * the call's deadline.
	 * @param <T> the type of the value
	 * @param <X> the type of what the task throws
	 * @param task the task
	 * @return the task's value
	 * @throws X the very exception that the task threw, never wrapped
	 * @throws CancellationException if the caller is interrupted while it waits (its
	 * interrupt flag stays set), or if the pool closed before the task started
	 * @throws TpoolTimeoutException if the deadline passed
	 * @throws RejectedExecutionException if the pool is closed or full, or the task could
	 * not start within the maximum queue wait
	 */
	public <T extends @Nullable Object, X extends Throwable> T execute(Task<T, X> task) throws X {
		Objects.requireNonNull(task, "task must not be null");
		if (isPoolThread()) {
			return task.call();
		}
		return call(task, this.timeout, this.timeoutNanos);
	}

	/**
	 * Runs {@code task} on a pool thread as {@link #execute(Task)} does, with its own
	 * deadline, which wins over the pool's timeout. When the deadline passes, the caller
	 * gets a {@link TpoolTimeoutException}: a task that has not started never runs, a
	 * running one is interrupted.
	 * @param <T> the type of the value
	 * @param <X> the type of what the task throws
	 * @param task the task
	 * @param timeout how long the caller waits at most, positive
	 * @return the task's value
	 * @throws X the very exception that the task threw, never wrapped
	 * @throws TpoolTimeoutException if the deadline passed
	 * @since 0.2.0
	 */
	public <T extends @Nullable Object, X extends Throwable> T execute(Task<T, X> task, Duration timeout) throws X {
		Objects.requireNonNull(task, "task must not be null");
		requirePositive("timeout", timeout);
		if (isPoolThread()) {
			return task.call();
		}
		return call(task, timeout, Nanos.of(timeout));
	}

	/**
	 * Runs {@code action} on a pool thread and blocks until it ends, as
	 * {@link #execute(Task)} does.
	 * @param <X> the type of what the action throws
	 * @param action the action
	 * @throws X the very exception that the action threw, never wrapped
	 * @throws CancellationException if the caller is interrupted while it waits (its
	 * interrupt flag stays set), or if the pool closed before the action started
	 * @throws RejectedExecutionException if the pool is closed or full
	 */
	public <X extends Throwable> void execute(Action<X> action) throws X {
		Objects.requireNonNull(action, "action must not be null");
		execute(asTask(action));
	}

	/**
	 * Runs {@code action} on a pool thread as {@link #execute(Action)} does, with its own
	 * deadline.
	 * @param <X> the type of what the action throws
	 * @param action the action
	 * @param timeout how long the caller waits at most, positive
	 * @throws X the very exception that the action threw, never wrapped
	 * @throws TpoolTimeoutException if the deadline passed
	 * @since 0.2.0
	 */
	public <X extends Throwable> void execute(Action<X> action, Duration timeout) throws X {
		Objects.requireNonNull(action, "action must not be null");
		execute(asTask(action), timeout);
	}

	private static <X extends Throwable> Task<@Nullable Object, X> asTask(Action<X> action) {
		return () -> {
			action.run();
			return null;
		};
	}

	/**
	 * Runs {@code task} on a pool thread without waiting. The future completes with the
	 * value, or exceptionally with the task's own exception; cancelling it before the
	 * task starts means that the task never runs, and {@code cancel(true)} interrupts a
	 * running task. The pool's timeout and maximum queue wait apply as they do to
	 * {@link #execute(Task)}. Called from one of this pool's threads, runs the task
	 * inline.
	 * @param <T> the type of the value
	 * @param task the task
	 * @return the future outcome
	 * @throws RejectedExecutionException if the pool is closed or full
	 */
	public <T extends @Nullable Object> CompletableFuture<T> submit(Callable<T> task) {
		Objects.requireNonNull(task, "task must not be null");
		if (isPoolThread()) {
			try {
				return CompletableFuture.completedFuture(task.call());
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}
		Submitted<T> future = new Submitted<>(this.inside);
		Job<T> job = prepare(task::call, future, this.timeoutNanos);
		future.job = job;
		handOff(job);
		if (this.timeoutNanos != 0 || this.maxQueueWaitNanos != 0) {
			future.scheduleDeadline(deadline(job, this.timeoutNanos), startDeadline(job));
		}
		return future;
	}

	/**
	 * Hands the task off and waits for its end.
	 * @param timeout the call's deadline, for its message, or {@code null} for none
	 * @param timeoutNanos the same in nanoseconds, 0 for none: worked out before the
	 * hand-off, so that nothing can fail between the hand-off and the wait
	 */
	private <T extends @Nullable Object, X extends Throwable> T call(Task<T, X> task, @Nullable Duration timeout,
			long timeoutNanos) throws X {
		Job<T> job = prepare(task, null, timeoutNanos);
		boolean takenSoon = handOff(job);
		Job.Wait wait = job.await(takenSoon ? CALLER_SPIN_NANOS : 0, deadline(job, timeoutNanos), startDeadline(job));
		return switch (wait) {
			case RAN -> outcome(job);
			case CLOSED -> throw closedBeforeStart();
			case SHED -> throw shed();
			case START_DEADLINE_QUEUED -> {
				abandoned();
				this.rejected.incrementAndGet();
				throw shed();
			}
			case INTERRUPTED_QUEUED -> {
				abandoned();
				throw new CancellationException(
						"Interrupted while waiting for " + describe() + "; the task never started");
			}
			case INTERRUPTED_RUNNING -> throw new CancellationException(
					"Interrupted while waiting for " + describe() + "; the task was interrupted");
			case DEADLINE_QUEUED -> {
				abandoned();
				this.timedOut.incrementAndGet();
				throw timedOut(Objects.requireNonNull(timeout), false);
			}
			case DEADLINE_RUNNING -> {
				this.timedOut.incrementAndGet();
				throw timedOut(Objects.requireNonNull(timeout), true);
			}
		};
	}

	private <T extends @Nullable Object, X extends Throwable> T outcome(Job<T> job) throws X {
		Throwable failure = job.failure();
		try {
			job.rejoin();
		}
		catch (Throwable ex) {
			if (failure != null && failure != ex) {
				ex.addSuppressed(failure);
			}
			throw Tpool.<X>sneaky(ex);
		}
		if (failure != null) {
			throw Tpool.<X>sneaky(failure);
		}
		return job.value();
	}

	/**
	 * Prepares a job on the caller's thread: captures the caller's context and decorates
	 * the task before the job takes a place in the pool, so that a carrier or decorator
	 * that fails leaves the pool as it was. The clock is read only where a deadline or a
	 * listener needs the time of the hand-off: a reading costs about as much as a tenth
	 * of a round trip.
	 */
	private <T extends @Nullable Object> Job<T> prepare(Task<T, ?> task, @Nullable CompletableFuture<T> future,
			long timeoutNanos) {
		if (Thread.currentThread().isInterrupted()) {
			throw new CancellationException("Interrupted before the hand-off to " + describe());
		}
		ContextCarrier carrier = this.contextCarrier;
		boolean timed = timeoutNanos != 0 || this.maxQueueWaitNanos != 0 || this.listeners.length > 0;
		return new Job<>(task, (carrier != null) ? carrier.capture(future == null) : null, this.taskDecorator, future,
				timed);
	}

	/**
	 * Takes a place for the job and leaves it for the workers, starting one if every
	 * thread is busy and the pool may grow.
	 * @return whether a spinning worker takes it at once: one is looking at the queue and
	 * a thread is idle, so that the job does not wait behind others
	 */
	private boolean handOff(Job<?> job) {
		long outstanding = reserve() + 1;
		boolean spinnerLooking = this.jobs.offer(job);
		this.workers.startIfNeeded();
		if (this.workers.isForced()) {
			// A forced close may have emptied the queue before this job got in, and its
			// workers may be gone: nobody else would end it.
			drainForced();
		}
		return spinnerLooking && outstanding <= this.workers.live();
	}

	/** Counts one more job, or rejects it. @return the count before */
	private long reserve() {
		for (;;) {
			long ctl = this.ctl;
			if ((ctl & CLOSED) != 0) {
				throw reject(TpoolRejectedException.Reason.CLOSED, "it is closed");
			}
			if (this.queueCapacity != null && ctl >= (long) this.size + this.queueCapacity) {
				// Jobs that will never run must not take the place of one that would:
				// purge
				// them, and look again if this call purged some, or if the count changed
				// meanwhile (a purge that another caller made while this one waited for
				// it, a job that ended, a resize).
				if (purgeAbandoned() > 0 || this.ctl != ctl) {
					continue;
				}
				throw reject(TpoolRejectedException.Reason.FULL, "all " + this.size + " threads are busy and "
						+ this.queueCapacity + " tasks wait; raise its size or queue capacity, or shed load");
			}
			if (CTL.weakCompareAndSet(this, ctl, ctl + 1)) {
				return ctl;
			}
		}
	}

	private TpoolRejectedException reject(TpoolRejectedException.Reason reason, String why) {
		this.rejected.incrementAndGet();
		return new TpoolRejectedException(this.name, reason, describe() + " rejected a task: " + why);
	}

	private TpoolRejectedException shed() {
		return new TpoolRejectedException(this.name, TpoolRejectedException.Reason.SHED,
				describe() + " shed a task that could not start within its maximum queue wait of " + this.maxQueueWait
						+ "; raise its size or max-queue-wait, or shed load earlier");
	}

	private CancellationException closedBeforeStart() {
		return new CancellationException(describe() + " was closed before the task started");
	}

	private TpoolTimeoutException timedOut(Duration timeout, boolean started) {
		return new TpoolTimeoutException(this.name, describe() + ": the deadline of " + timeout + " passed "
				+ (started ? "while the task ran; it was interrupted" : "before the task started; it never runs"));
	}

	private static long deadline(Job<?> job, long timeoutNanos) {
		return (timeoutNanos != 0) ? Nanos.nonZero(job.handedOffAt + timeoutNanos) : 0;
	}

	private long startDeadline(Job<?> job) {
		return (this.maxQueueWaitNanos != 0) ? Nanos.nonZero(job.handedOffAt + this.maxQueueWaitNanos) : 0;
	}

	/** Releases jobs: they ran, or they left the queue without running. */
	private void release(long jobs) {
		long ctl = (long) CTL.getAndAdd(this, -jobs) - jobs;
		if (ctl == CLOSED) {
			// Closed, and every accepted job has ended: let the workers go.
			this.jobs.wakeAll();
		}
	}

	/** A caller gave up on a job that is still in the queue. */
	private void abandoned() {
		long abandoned = this.abandoned.incrementAndGet();
		if (abandoned >= PURGE_THRESHOLD && 2 * abandoned >= (this.ctl & COUNT_MASK)) {
			purgeAbandoned();
		}
	}

	/** Takes the abandoned jobs out of the queue. @return how many */
	private int purgeAbandoned() {
		if (this.abandoned.get() == 0) {
			return 0;
		}
		synchronized (this.purgeLock) {
			int purged = this.jobs.purgeAbandoned();
			if (purged > 0) {
				// Released first: stats() never counts a purged job as waiting.
				release(purged);
				this.abandoned.addAndGet(-purged);
			}
			return purged;
		}
	}

	/** A worker or the purge took an abandoned job out of the queue. */
	private void removedAbandoned(Job<?> job) {
		if (job.claimRemoval()) {
			// Released first: stats() never counts a removed job as waiting.
			release(1);
			this.abandoned.decrementAndGet();
		}
	}

	/** Ends every queued job of a pool closing by force. */
	private void drainForced() {
		for (Job<?> job; (job = this.jobs.poll()) != null;) {
			closeQueued(job);
		}
	}

	private void closeQueued(Job<?> job) {
		if (job.stopBeforeStart(Job.CLOSED)) {
			CompletableFuture<?> future = job.future();
			if (future != null) {
				future.completeExceptionally(closedBeforeStart());
			}
			release(1);
		}
		else {
			removedAbandoned(job);
		}
	}

	private void run(Worker worker, Job<?> job) {
		// A task always starts with the flag clear, whatever an earlier task or outside
		// code did to this thread.
		Thread.interrupted();
		if (this.workers.isForced()) {
			closeQueued(job);
			return;
		}
		long maxQueueWaitNanos = this.maxQueueWaitNanos;
		// The clock is read only for the listeners and the maximum queue wait; listeners
		// that come while the task runs are told of the next one.
		boolean sampled = this.listeners.length > 0;
		long start = (sampled || maxQueueWaitNanos != 0) ? System.nanoTime() : 0;
		if (maxQueueWaitNanos != 0 && start - job.handedOffAt > maxQueueWaitNanos && job.stopBeforeStart(Job.SHED)) {
			this.rejected.incrementAndGet();
			CompletableFuture<?> future = job.future();
			if (future != null) {
				future.completeExceptionally(shed());
			}
			release(1);
			return;
		}
		if (!job.start(worker)) {
			removedAbandoned(job);
			return;
		}
		worker.setRunning(true);
		boolean failed = job.runBody();
		long end = sampled ? System.nanoTime() : 0;
		worker.countCompleted(failed);
		CompletableFuture<?> future = job.future();
		if (future == null) {
			worker.setRunning(false);
			release(1);
			job.finish();
		}
		else {
			// Stages attached to the future run here: the thread stays counted busy.
			job.finish();
			((Submitted<?>) future).cancelDeadline();
			worker.setRunning(false);
			release(1);
		}
		if (sampled) {
			// Told once the worker looks at the queue again, so that a caller that hands
			// off its next job meanwhile finds it looking. A job handed off before the
			// first listener came has no time of hand-off: it is told as not having
			// waited.
			long handedOffAt = job.handedOffAt;
			worker.holdSample((handedOffAt != 0) ? start - handedOffAt : 0, end - start, failed);
		}
	}

	/** Tells the listeners of a task that a worker ran. */
	private void tellListeners(Worker worker, long queueWaitNanos, long runNanos, boolean failed) {
		for (TpoolListener listener : this.listeners) {
			try {
				listener.taskEnded(queueWaitNanos, runNanos, failed);
			}
			catch (Throwable ex) {
				worker.getUncaughtExceptionHandler().uncaughtException(worker, ex);
			}
		}
	}

	/**
	 * Changes the number of threads live. Growing lets queued tasks start at once;
	 * shrinking ends surplus threads as soon as they are idle and never interrupts a
	 * task.
	 * @param size the new size, from 1 to {@value #MAX_SIZE}
	 * @throws InvalidSettingException if {@code size} is out of range
	 * @since 0.2.0
	 */
	public void resize(int size) {
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidSettingException(this.name, "size", size, "must be from 1 to " + MAX_SIZE);
		}
		int previous = (int) SIZE.getAndSet(this, size);
		if (size > previous) {
			// A thread for each job that waits, with the size and the jobs read anew each
			// time: a resize racing another resize, close() or the end of the work stops
			// as soon as no thread is wanted, and never starts more than its size.
			for (int started = 0; started < size && this.workers.startIfNeeded(); started++) {
				// started one
			}
		}
		else if (size < previous) {
			this.jobs.wakeAll();
		}
	}

	/**
	 * Stops accepting tasks, lets the running and queued ones finish within the shutdown
	 * timeout, then interrupts what is left; the callers of tasks that never started get
	 * a {@link CancellationException}. Afterwards no thread of the pool is alive, unless
	 * a task ignores its interrupt (it is given a further five seconds). Called from one
	 * of this pool's threads, starts the shutdown and returns without waiting for it.
	 * Called from an interrupted thread, behaves as {@code ExecutorService.close()}: it
	 * interrupts the running tasks at once, cancels the queued ones, waits for the
	 * running ones to end and returns with the interrupt flag set. Idempotent.
	 */
	@Override
	public void close() {
		long ctl = (long) CTL.getAndBitwiseOr(this, CLOSED);
		boolean first = (ctl & CLOSED) == 0;
		if (first && ctl == 0) {
			this.jobs.wakeAll();
		}
		if (isPoolThread()) {
			if (first) {
				// Named so that it cannot be taken for a pool thread, whose names end
				// with
				// a number.
				Thread.ofPlatform()
					.daemon()
					.name("shutdown of tpool '" + this.name + "'")
					.inheritInheritableThreadLocals(false)
					.start(this::awaitShutdown);
			}
			return;
		}
		awaitShutdown();
	}

	private void awaitShutdown() {
		boolean interrupted = Thread.interrupted();
		if (!interrupted) {
			try {
				if (this.workers.join(this.shutdownTimeout)) {
					return;
				}
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		forceShutdown();
		boolean interruptedAgain = false;
		long deadline = System.nanoTime() + Nanos.of(FORCED_SHUTDOWN_GRACE);
		for (;;) {
			try {
				this.workers.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
				break;
			}
			catch (InterruptedException ex) {
				interruptedAgain = true;
			}
		}
		if (interrupted || interruptedAgain) {
			Thread.currentThread().interrupt();
		}
	}

	private void forceShutdown() {
		this.workers.force();
		drainForced();
		this.workers.interruptAll();
		this.jobs.wakeAll();
	}

	/**
	 * Proxies {@code target} so that every method of {@code type} runs on this pool, as
	 * {@link #execute(Task)} would run it; the same as
	 * {@code proxy(target, type, Autowrap.none())}.
	 * @param <T> the interface
	 * @param target the object to call
	 * @param type the interface to proxy
	 * @return the proxy, or {@code target} if it already is a tpool proxy
	 * @throws IllegalArgumentException if {@code type} is not an interface
	 */
	public <T> T proxy(T target, Class<T> type) {
		return proxy(target, type, Autowrap.none());
	}

	/**
	 * Proxies {@code target} so that every method of {@code type}, default methods
	 * included, runs on this pool, as {@link #execute(Task)} would run it: the caller
	 * blocks and gets the target's own exception. Values that {@code autowrap} names come
	 * back as proxies with the same autowrap. {@code toString}, {@code hashCode} and
	 * {@code equals} answer as the target would, without a round trip, and so do the
	 * {@code unwrap} and {@code isWrapperFor} of a JDBC object
	 * ({@link java.sql.Wrapper}): {@code unwrap} returns the driver's own object, never a
	 * proxy.
	 * @param <T> the interface
	 * @param target the object to call
	 * @param type the interface to proxy
	 * @param autowrap which returned values to proxy in turn
	 * @return the proxy, or {@code target} if it already is a tpool proxy
	 * @throws IllegalArgumentException if {@code type} is not an interface or
	 * {@code target} does not implement it
	 */
	public <T> T proxy(T target, Class<T> type, Autowrap autowrap) {
		return new Offloader(this::execute, autowrap).proxy(target, type);
	}

	/**
	 * Whether {@code object} is a tpool proxy: one made by a {@link Tpool}, or one that
	 * an integration made to offload calls (a {@code @Offload} or {@code tpool.proxies}
	 * bean of the Spring integration, whatever proxy technique wraps it).
	 * @param object any object
	 * @return whether it is a tpool proxy
	 */
	public static boolean isProxy(@Nullable Object object) {
		return object != null && (Offloader.isProxy(object) || Inspectors.targetOf(object) != null);
	}

	/**
	 * The target of a tpool proxy, as {@link #isProxy(Object)} tells them.
	 * @param <T> the type
	 * @param proxy a proxy, or any other object
	 * @return the proxy's target, or {@code proxy} itself if it is not a tpool proxy
	 */
	@SuppressWarnings("unchecked")
	public static <T> T unwrap(T proxy) {
		if (proxy == null || Offloader.isProxy(proxy)) {
			return Offloader.unwrap(proxy);
		}
		Object target = Inspectors.targetOf(proxy);
		return (target != null) ? (T) target : proxy;
	}

	/**
	 * Whether the current thread is one of this pool's threads.
	 * @return whether it is
	 */
	public boolean isPoolThread() {
		return Thread.currentThread() instanceof Worker worker && this.workers.owns(worker);
	}

	/**
	 * The pool's name, the {@code name} tag of its meters.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The most threads the pool runs at once.
	 * @return the size
	 */
	public int size() {
		return this.size;
	}

	/**
	 * How many tasks may wait for a thread before a hand-off is refused.
	 * @return the capacity, or {@code null} when unbounded
	 */
	public @Nullable Integer queueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * Every call's deadline, unless the call sets its own.
	 * @return the timeout, or {@code null} for none
	 * @since 0.2.0
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * How long a task may wait for a thread before it is shed.
	 * @return the maximum queue wait, or {@code null} for none
	 * @since 0.2.0
	 */
	public @Nullable Duration maxQueueWait() {
		return this.maxQueueWait;
	}

	/**
	 * How long an idle thread lives.
	 * @return the keep-alive
	 * @since 0.2.0
	 */
	public Duration keepAlive() {
		return Duration.ofNanos(this.keepAliveNanos);
	}

	/**
	 * Whether {@link #close()} has been called.
	 * @return whether the pool is closed
	 */
	public boolean isClosed() {
		return (this.ctl & CLOSED) != 0;
	}

	/**
	 * A snapshot of the pool's state and counters.
	 * @return the statistics
	 */
	public TpoolStats stats() {
		// Takes no lock: gauges, health checks and endpoints read it, as often as they
		// like, without slowing a thread's start.
		Workers.Tally tally = this.workers.tally();
		long waiting = (this.ctl & COUNT_MASK) - tally.active() - this.abandoned.get();
		int queued = (int) Math.max(0, Math.min(Integer.MAX_VALUE, waiting));
		return new TpoolStats(this.size, tally.active(), queued, tally.completed(), tally.failed(), this.rejected.get(),
				this.workers.live(), this.timedOut.get());
	}

	/**
	 * Tells {@code listener} of every task that ends on a pool thread, for timers.
	 * @param listener the listener
	 * @since 0.2.0
	 */
	public void addListener(TpoolListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		synchronized (this.listenersLock) {
			List<TpoolListener> listeners = new ArrayList<>(List.of(this.listeners));
			listeners.add(listener);
			this.listeners = listeners.toArray(TpoolListener[]::new);
		}
	}

	/**
	 * Stops telling {@code listener} of tasks.
	 * @param listener a listener added before
	 * @since 0.2.0
	 */
	public void removeListener(TpoolListener listener) {
		synchronized (this.listenersLock) {
			List<TpoolListener> listeners = new ArrayList<>(List.of(this.listeners));
			listeners.remove(listener);
			this.listeners = listeners.toArray(TpoolListener[]::new);
		}
	}

	/**
	 * The entries of the hand-off queue, abandoned jobs included: what the pool holds in
	 * memory for waiting work. For tests.
	 */
	int queueEntries() {
		return this.jobs.size();
	}

	String describe() {
		return "tpool '" + this.name + "' (" + this.size + " threads, queue capacity "
				+ ((this.queueCapacity != null) ? this.queueCapacity : "unbounded") + ")";
	}

	@Override
	public String toString() {
		return describe();
	}

	private static void requirePositive(String setting, Duration duration) {
		Objects.requireNonNull(duration, () -> setting + " must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(setting + " must be positive, but was " + duration);
		}
	}

	@SuppressWarnings("unchecked")
	static <X extends Throwable> X sneaky(Throwable ex) throws X {
		throw (X) ex;
	}

	/**
	 * The pool as its threads and the futures of its submits see it: they read its count
	 * of jobs and report what happened to their jobs, and the pool keeps the counts.
	 */
	private final class Inside implements Workers.Work, Submitted.Pool {

		@Override
		public long outstanding() {
			return Tpool.this.ctl & COUNT_MASK;
		}

		@Override
		public boolean drained() {
			return Tpool.this.ctl == CLOSED;
		}

		@Override
		public int size() {
			return Tpool.this.size;
		}

		@Override
		public void run(Worker worker, Job<?> job) {
			Tpool.this.run(worker, job);
		}

		@Override
		public void tellListeners(Worker worker, long queueWaitNanos, long runNanos, boolean failed) {
			Tpool.this.tellListeners(worker, queueWaitNanos, runNanos, failed);
		}

		@Override
		public String name() {
			return Tpool.this.name;
		}

		@Override
		public void abandoned() {
			Tpool.this.abandoned();
		}

		@Override
		public RuntimeException shed() {
			Tpool.this.rejected.incrementAndGet();
			return Tpool.this.shed();
		}

		@Override
		public RuntimeException timedOut(boolean started) {
			Tpool.this.timedOut.incrementAndGet();
			return Tpool.this.timedOut(Objects.requireNonNull(Tpool.this.timeout), started);
		}

	}

	/** The {@link ProxyInspector}s of the integrations on the class path. */
	private static final class Inspectors {

		private static final List<ProxyInspector> INSPECTORS = ServiceLoader
			.load(ProxyInspector.class, ProxyInspector.class.getClassLoader())
			.stream()
			.map(ServiceLoader.Provider::get)
			.toList();

		static @Nullable Object targetOf(Object object) {
			for (ProxyInspector inspector : INSPECTORS) {
				Object target = inspector.targetOf(object);
				if (target != null) {
					return target;
				}
			}
			return null;
		}

	}

	/**
	 * Builds a {@link Tpool}. Immutable: each setter returns a new builder; the settings
	 * are validated by {@link #build()}, which throws an {@link InvalidSettingException}
	 * naming the setting and its value.
	 */
	public static final class Builder {

		private String name = DEFAULT_NAME;

		private @Nullable Integer size;

		private @Nullable Integer queueCapacity;

		private @Nullable String threadNamePrefix;

		private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

		private Duration keepAlive = DEFAULT_KEEP_ALIVE;

		private @Nullable Duration timeout;

		private @Nullable Duration maxQueueWait;

		private @Nullable UnaryOperator<Runnable> taskDecorator;

		private @Nullable ContextCarrier contextCarrier;

		private Function<String, @Nullable String> environment = System::getenv;

		private Builder() {
		}

		private Builder with(Consumer<Builder> change) {
			Builder copy = new Builder();
			copy.name = this.name;
			copy.size = this.size;
			copy.queueCapacity = this.queueCapacity;
			copy.threadNamePrefix = this.threadNamePrefix;
			copy.shutdownTimeout = this.shutdownTimeout;
			copy.keepAlive = this.keepAlive;
			copy.timeout = this.timeout;
			copy.maxQueueWait = this.maxQueueWait;
			copy.taskDecorator = this.taskDecorator;
			copy.contextCarrier = this.contextCarrier;
			copy.environment = this.environment;
			change.accept(copy);
			return copy;
		}

		/**
		 * The pool's name, the {@code name} tag of its meters. Default {@code "tpool"}.
		 * @param name the name, not blank
		 * @return a new builder
		 */
		public Builder name(String name) {
			Objects.requireNonNull(name, "name must not be null");
			return with((builder) -> builder.name = name);
		}

		/**
		 * The most threads that run at once. Unset: the
		 * {@value #SIZE_ENVIRONMENT_VARIABLE} environment variable, else
		 * {@value #DEFAULT_SIZE}.
		 * @param size the number of threads, from 1 to {@value #MAX_SIZE}
		 * @return a new builder
		 */
		public Builder size(int size) {
			return with((builder) -> builder.size = size);
		}

		/**
		 * How many tasks may wait while every thread is busy before a hand-off is
		 * refused. Unset: unbounded.
		 * @param queueCapacity the capacity, at least 1
		 * @return a new builder
		 */
		public Builder queueCapacity(int queueCapacity) {
			return with((builder) -> builder.queueCapacity = queueCapacity);
		}

		/**
		 * The prefix of the threads' names, which end with 1, 2, ... Default: the pool's
		 * name followed by {@code "-"}, so {@code "tpool-"} for the default name.
		 * @param threadNamePrefix the prefix
		 * @return a new builder
		 */
		public Builder threadNamePrefix(String threadNamePrefix) {
			Objects.requireNonNull(threadNamePrefix, "threadNamePrefix must not be null");
			return with((builder) -> builder.threadNamePrefix = threadNamePrefix);
		}

		/**
		 * How long {@link Tpool#close()} lets running and queued tasks finish before it
		 * interrupts them. Default 30 seconds.
		 * @param shutdownTimeout the timeout, not negative
		 * @return a new builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			Objects.requireNonNull(shutdownTimeout, "shutdownTimeout must not be null");
			return with((builder) -> builder.shutdownTimeout = shutdownTimeout);
		}

		/**
		 * How long a thread stays idle before it ends. Threads start on demand, never
		 * more than the size at once; {@link #build()} starts none. Default 60 seconds.
		 * @param keepAlive the keep-alive, positive
		 * @return a new builder
		 * @since 0.2.0
		 */
		public Builder keepAlive(Duration keepAlive) {
			Objects.requireNonNull(keepAlive, "keepAlive must not be null");
			return with((builder) -> builder.keepAlive = keepAlive);
		}

		/**
		 * Every call's deadline, unless the call sets its own: when it passes, the caller
		 * gets a {@link TpoolTimeoutException}, a task that has not started never runs
		 * and a running one is interrupted. Default: none.
		 * @param timeout the timeout, positive
		 * @return a new builder
		 * @since 0.2.0
		 */
		public Builder timeout(Duration timeout) {
			Objects.requireNonNull(timeout, "timeout must not be null");
			return with((builder) -> builder.timeout = timeout);
		}

		/**
		 * How long a task may wait for a thread: one that has not started within it never
		 * runs, and its caller gets a {@link RejectedExecutionException} (counted as
		 * rejected). Default: none.
		 * @param maxQueueWait the maximum wait, positive
		 * @return a new builder
		 * @since 0.2.0
		 */
		public Builder maxQueueWait(Duration maxQueueWait) {
			Objects.requireNonNull(maxQueueWait, "maxQueueWait must not be null");
			return with((builder) -> builder.maxQueueWait = maxQueueWait);
		}

		/**
		 * Decorates every task the pool runs (not those that run inline). Called on the
		 * caller's thread at hand-off, so that it can capture the caller's context; the
		 * runnable it returns runs on the pool thread and must run the given one. This is
		 * the hook through which a Spring {@code TaskDecorator} or Micrometer's context
		 * propagation reach the task. A decorator that throws or returns {@code null}
		 * fails that hand-off on the caller's thread, and the pool stays as it was.
		 * @param taskDecorator the decorator
		 * @return a new builder
		 */
		public Builder taskDecorator(UnaryOperator<Runnable> taskDecorator) {
			Objects.requireNonNull(taskDecorator, "taskDecorator must not be null");
			return with((builder) -> builder.taskDecorator = taskDecorator);
		}

		/**
		 * Carries the caller's thread-bound state to the pool thread and, for a caller
		 * that waits, back again.
		 * @param contextCarrier the carrier
		 * @return a new builder
		 * @since 0.2.0
		 */
		public Builder contextCarrier(ContextCarrier contextCarrier) {
			Objects.requireNonNull(contextCarrier, "contextCarrier must not be null");
			return with((builder) -> builder.contextCarrier = contextCarrier);
		}

		Builder environment(Function<String, @Nullable String> environment) {
			return with((builder) -> builder.environment = environment);
		}

		/**
		 * Validates the settings and builds the pool, which starts its threads as work
		 * comes.
		 * @return the pool
		 * @throws InvalidSettingException naming the setting and its value when one is
		 * out of range
		 */
		public Tpool build() {
			String threadNamePrefix = (this.threadNamePrefix != null) ? this.threadNamePrefix : this.name + "-";
			int size = (this.size != null) ? this.size : TpoolSettings.sizeFrom(this.environment);
			return new Tpool(
					new TpoolSettings(this.name, size, this.queueCapacity, threadNamePrefix, this.shutdownTimeout,
							this.keepAlive, this.timeout, this.maxQueueWait, this.taskDecorator, this.contextCarrier));
		}

	}

}
