package io.tpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * A bounded pool of platform threads for calls that would hold a virtual thread's
 * carrier: blocking native calls, long CPU loops, blocking class initializers. The caller
 * blocks until its call ends; a virtual caller parks and frees its carrier meanwhile. The
 * Java counterpart of eventlet's {@code tpool}.
 * <p>
 * Deliberately neither an {@link java.util.concurrent.Executor} nor a Spring
 * {@code TaskExecutor}: as a bean it must not replace an application's own task executor.
 *
 * @author tpool
 */
public final class Tpool implements AutoCloseable {

	/** The number of threads when neither the builder nor the environment set one. */
	public static final int DEFAULT_SIZE = 20;

	/** The environment variable that sets the number of threads, as in eventlet. */
	public static final String SIZE_ENVIRONMENT_VARIABLE = "EVENTLET_THREADPOOL_SIZE";

	/**
	 * The most threads a pool may have: beyond it a misconfiguration would fail with
	 * {@code OutOfMemoryError: unable to create native thread}.
	 * @since 0.2.0
	 */
	public static final int MAX_SIZE = 10_000;

	/** The name when the builder sets none. */
	public static final String DEFAULT_NAME = "tpool";

	/**
	 * How long {@link #close()} waits for running and queued tasks when the builder sets
	 * no shutdown timeout.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final long CLOSED = 1L << 62;

	private static final long COUNT_MASK = CLOSED - 1;

	private static final Duration FORCED_SHUTDOWN_GRACE = Duration.ofSeconds(5);

	private static final Job<Object> POISON = new Job<>(() -> null);

	private static final VarHandle CTL;

	static {
		try {
			CTL = MethodHandles.lookup().findVarHandle(Tpool.class, "ctl", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String name;

	private final int size;

	private final @Nullable Integer queueCapacity;

	private final Duration shutdownTimeout;

	private final @Nullable UnaryOperator<Runnable> taskDecorator;

	private final @Nullable ContextCarrier contextCarrier;

	/** Tasks accepted and not yet ended, at most {@link #limit}; the CLOSED bit. */
	private volatile long ctl;

	private final long limit;

	private final HandOff jobs = new HandOff();

	private final Worker[] workers;

	private final AtomicLong rejected = new AtomicLong();

	private volatile boolean forced;

	private Tpool(Builder builder, int size) {
		this.name = builder.name;
		this.size = size;
		this.queueCapacity = builder.queueCapacity;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.taskDecorator = builder.taskDecorator;
		this.contextCarrier = builder.contextCarrier;
		this.limit = (this.queueCapacity != null) ? (long) size + this.queueCapacity : COUNT_MASK;
		this.workers = new Worker[size];
		String prefix = (builder.threadNamePrefix != null) ? builder.threadNamePrefix : this.name + "-";
		for (int i = 0; i < size; i++) {
			this.workers[i] = new Worker(this, prefix + (i + 1));
		}
		for (Worker worker : this.workers) {
			worker.start();
		}
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
	 * task inline.
	 * @param <T> the type of the value
	 * @param <X> the type of what the task throws
	 * @param task the task
	 * @return the task's value
	 * @throws X the very exception that the task threw, never wrapped
	 * @throws CancellationException if the caller is interrupted while it waits (its
	 * interrupt flag stays set), or if the pool closed before the task started
	 * @throws RejectedExecutionException if the pool is closed or full
	 */
	public <T extends @Nullable Object, X extends Throwable> T execute(Task<T, X> task) throws X {
		Objects.requireNonNull(task, "task must not be null");
		if (isPoolThread()) {
			return task.call();
		}
		Job<T> job = handOff(new Job<>(task), true);
		try {
			return job.await(this);
		}
		catch (Throwable ex) {
			throw Tpool.<RuntimeException>sneaky(ex);
		}
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
		execute(() -> {
			action.run();
			return null;
		});
	}

	/**
	 * Runs {@code task} on a pool thread without waiting. The future completes with the
	 * value, or exceptionally with the task's own exception; cancelling it before the
	 * task starts means that the task never runs, and {@code cancel(true)} interrupts a
	 * running task. Called from one of this pool's threads, runs the task inline.
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
		return handOff(new FutureJob<>(this, task), false).future();
	}

	private <J extends Job<?>> J handOff(J job, boolean callerWaits) {
		if (Thread.currentThread().isInterrupted()) {
			throw new CancellationException("Interrupted before the hand-off to " + describe());
		}
		for (;;) {
			long ctl = this.ctl;
			if ((ctl & CLOSED) != 0) {
				throw reject("it is closed");
			}
			if (ctl >= this.limit) {
				throw reject("all " + this.size + " threads are busy and " + this.queueCapacity
						+ " tasks wait; raise its size or queue capacity, or shed load");
			}
			if (CTL.weakCompareAndSet(this, ctl, ctl + 1)) {
				job.idleWorker = ctl < this.size;
				break;
			}
		}
		if (this.contextCarrier != null) {
			job.context = this.contextCarrier.capture(callerWaits);
		}
		if (this.taskDecorator != null) {
			job.body = Objects.requireNonNull(this.taskDecorator.apply(job), "The task decorator returned null");
		}
		job.handedOffAt = System.nanoTime();
		this.jobs.offer(job);
		return job;
	}

	private RejectedExecutionException reject(String reason) {
		this.rejected.incrementAndGet();
		return new RejectedExecutionException(describe() + " rejected a task: " + reason);
	}

	/** A job ended, or was cancelled before it started. */
	void ended() {
		long ctl = (long) CTL.getAndAdd(this, -1L) - 1;
		if (ctl == CLOSED) {
			terminate();
		}
	}

	/** Every accepted task has ended and no more are accepted: let the workers go. */
	private void terminate() {
		for (int i = 0; i < this.size; i++) {
			this.jobs.offer(POISON);
		}
	}

	/**
	 * Stops accepting tasks, lets the running and queued ones finish within the shutdown
	 * timeout, then interrupts what is left; the callers of tasks that never started get
	 * a {@link CancellationException}. Afterwards no thread of the pool is alive, unless
	 * a task ignores its interrupt (it is given a further five seconds). Called from one
	 * of this pool's threads, starts the shutdown and returns without waiting for it.
	 * Idempotent.
	 */
	@Override
	public void close() {
		long ctl = (long) CTL.getAndBitwiseOr(this, CLOSED);
		if ((ctl & CLOSED) == 0 && ctl == 0) {
			terminate();
		}
		if (isPoolThread()) {
			if ((ctl & CLOSED) == 0) {
				Thread.ofPlatform()
					.daemon()
					.name(this.name + "-shutdown")
					.inheritInheritableThreadLocals(false)
					.start(this::awaitShutdown);
			}
			return;
		}
		awaitShutdown();
	}

	private void awaitShutdown() {
		boolean interrupted = false;
		try {
			if (!join(this.shutdownTimeout)) {
				forceShutdown();
				join(FORCED_SHUTDOWN_GRACE);
			}
		}
		catch (InterruptedException ex) {
			interrupted = true;
			forceShutdown();
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean join(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Worker worker : this.workers) {
			long remaining = deadline - System.nanoTime();
			if ((remaining > 0) ? !worker.join(Duration.ofNanos(remaining)) : worker.isAlive()) {
				return false;
			}
		}
		return true;
	}

	private void forceShutdown() {
		this.forced = true;
		for (Job<?> job; (job = this.jobs.poll()) != null;) {
			// A poison pill is no task: cancelling it would count an end that never was
			// and clear the closed bit. The workers stop on the flag and the interrupt.
			if (job != POISON && job.cancelUnstarted()) {
				ended();
			}
		}
		for (Worker worker : this.workers) {
			worker.interrupt();
		}
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
	 * {@code equals} answer as the target would, without a round trip.
	 * @param <T> the interface
	 * @param target the object to call
	 * @param type the interface to proxy
	 * @param autowrap which returned values to proxy in turn
	 * @return the proxy, or {@code target} if it already is a tpool proxy
	 * @throws IllegalArgumentException if {@code type} is not an interface or
	 * {@code target} does not implement it
	 */
	public <T> T proxy(T target, Class<T> type, Autowrap autowrap) {
		Objects.requireNonNull(target, "target must not be null");
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(autowrap, "autowrap must not be null");
		if (!type.isInterface()) {
			throw new IllegalArgumentException("A tpool proxy implements an interface, but " + type.getName()
					+ " is a class: proxy one of its interfaces, or let the Spring integration (@Offload) "
					+ "proxy the class");
		}
		if (!type.isInstance(target)) {
			throw new IllegalArgumentException(target.getClass().getName() + " does not implement " + type.getName());
		}
		if (isProxy(target)) {
			return target;
		}
		return type.cast(ProxyHandler.create(this, target, new Class<?>[] { type }, autowrap));
	}

	/**
	 * Runs a method invocation on this pool, as {@link #execute(Task)} does, and proxies
	 * its value where {@code autowrap} asks for it. The one mechanism behind tpool
	 * proxies and the Spring integration's advice.
	 * @param method the method invoked, whose name and return type decide the wrapping
	 * @param autowrap which values to proxy
	 * @param invocation the invocation itself
	 * @return the value, or a proxy for it
	 * @throws Throwable what the invocation threw, unchanged
	 * @throws IllegalStateException before the invocation runs, if {@code autowrap} names
	 * the method but it does not return an interface
	 */
	public @Nullable Object invoke(Method method, Autowrap autowrap, Task<?, ?> invocation) throws Throwable {
		if (autowrap.isNone()) {
			return execute(invocation);
		}
		boolean byName = autowrap.wrapsByName(method);
		return autowrap.wrap(this, execute(invocation), method, byName);
	}

	/**
	 * Whether {@code object} is a tpool proxy.
	 * @param object any object
	 * @return whether it is a proxy made by a {@link Tpool}
	 */
	public static boolean isProxy(@Nullable Object object) {
		return object != null && ProxyHandler.of(object) != null;
	}

	/**
	 * The target of a tpool proxy.
	 * @param <T> the type
	 * @param proxy a proxy, or any other object
	 * @return the proxy's target, or {@code proxy} itself if it is not a tpool proxy
	 */
	@SuppressWarnings("unchecked")
	public static <T> T unwrap(T proxy) {
		ProxyHandler handler = (proxy != null) ? ProxyHandler.of(proxy) : null;
		return (handler != null) ? (T) handler.target() : proxy;
	}

	/**
	 * Whether the current thread is one of this pool's threads.
	 * @return whether it is
	 */
	public boolean isPoolThread() {
		return Thread.currentThread() instanceof Worker worker && worker.pool == this;
	}

	/**
	 * The pool's name, the {@code name} tag of its meters.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The number of threads.
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
		int active = 0;
		long completed = 0;
		long failed = 0;
		for (Worker worker : this.workers) {
			if (worker.isRunningTask()) {
				active++;
			}
			completed += worker.completed();
			failed += worker.failed();
		}
		long outstanding = this.ctl & COUNT_MASK;
		int queued = (int) Math.max(0, Math.min(Integer.MAX_VALUE, outstanding - active));
		return new TpoolStats(this.size, active, queued, completed, failed, this.rejected.get());
	}

	/**
	 * Cumulative timings of the tasks that ran on the pool, for timers.
	 * @return the timings
	 */
	public TpoolTimings timings() {
		long started = 0;
		long queueWait = 0;
		long succeeded = 0;
		long successTime = 0;
		long failed = 0;
		long failureTime = 0;
		for (Worker worker : this.workers) {
			started += worker.started();
			queueWait += worker.queueWaitNanos();
			succeeded += worker.completed() - worker.failed();
			successTime += worker.successNanos();
			failed += worker.failed();
			failureTime += worker.failureNanos();
		}
		return new TpoolTimings(started, queueWait, succeeded, successTime, failed, failureTime, TimeUnit.NANOSECONDS);
	}

	String describe() {
		return "tpool '" + this.name + "' (" + this.size + " threads, queue capacity "
				+ ((this.queueCapacity != null) ? this.queueCapacity : "unbounded") + ")";
	}

	@Override
	public String toString() {
		return describe();
	}

	@SuppressWarnings("unchecked")
	static <X extends Throwable> X sneaky(Throwable ex) throws X {
		throw (X) ex;
	}

	/**
	 * A pool thread: a platform daemon thread that takes jobs until the pool terminates.
	 * Its counters are written by itself only and read by {@link Tpool#stats()}.
	 */
	private static final class Worker extends Thread {

		private static final VarHandle RUNNING;

		private static final VarHandle LONG;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				RUNNING = lookup.findVarHandle(Worker.class, "runningTask", boolean.class);
				LONG = MethodHandles.arrayElementVarHandle(long[].class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private static final int STARTED = 0;

		private static final int COMPLETED = 1;

		private static final int FAILED = 2;

		private static final int QUEUE_WAIT = 3;

		private static final int SUCCESS_TIME = 4;

		private static final int FAILURE_TIME = 5;

		final Tpool pool;

		@SuppressWarnings("unused")
		private boolean runningTask;

		private final long[] counters = new long[6];

		Worker(Tpool pool, String name) {
			super(null, null, name, 0, false);
			this.pool = pool;
			setDaemon(true);
		}

		@Override
		public void run() {
			Tpool pool = this.pool;
			while (!pool.forced) {
				Job<?> job = pool.jobs.take();
				if (job == null) {
					continue;
				}
				if (job == POISON) {
					return;
				}
				if (job.start(this)) {
					runJob(job);
				}
			}
		}

		private void runJob(Job<?> job) {
			long start = System.nanoTime();
			RUNNING.setOpaque(this, true);
			add(STARTED, 1);
			add(QUEUE_WAIT, start - job.handedOffAt);
			Throwable thrown = null;
			try {
				job.body.run();
			}
			catch (Throwable ex) {
				thrown = ex;
			}
			boolean failed = job.settle(thrown);
			long time = System.nanoTime() - start;
			add(COMPLETED, 1);
			if (failed) {
				add(FAILED, 1);
				add(FAILURE_TIME, time);
			}
			else {
				add(SUCCESS_TIME, time);
			}
			RUNNING.setOpaque(this, false);
			this.pool.ended();
			job.finish();
		}

		private void add(int counter, long delta) {
			LONG.setRelease(this.counters, counter, this.counters[counter] + delta);
		}

		private long get(int counter) {
			return (long) LONG.getAcquire(this.counters, counter);
		}

		boolean isRunningTask() {
			return (boolean) RUNNING.getOpaque(this);
		}

		long started() {
			return get(STARTED);
		}

		long completed() {
			return get(COMPLETED);
		}

		long failed() {
			return get(FAILED);
		}

		long queueWaitNanos() {
			return get(QUEUE_WAIT);
		}

		long successNanos() {
			return get(SUCCESS_TIME);
		}

		long failureNanos() {
			return get(FAILURE_TIME);
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
		 * The number of threads. Unset: the {@value #SIZE_ENVIRONMENT_VARIABLE}
		 * environment variable, else {@value #DEFAULT_SIZE}.
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
		 * Decorates every task the pool runs (not those that run inline). Called on the
		 * caller's thread at hand-off, so that it can capture the caller's context; the
		 * runnable it returns runs on the pool thread and must run the given one. This is
		 * the hook through which a Spring {@code TaskDecorator} or Micrometer's context
		 * propagation reach the task. A decorator that throws or returns {@code null}
		 * fails that hand-off on the caller's thread.
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
		 * Validates the settings and starts the pool's threads.
		 * @return the pool
		 * @throws InvalidSettingException naming the setting and its value when one is
		 * out of range
		 */
		public Tpool build() {
			if (this.name.isBlank()) {
				throw new InvalidSettingException(this.name, "name", this.name, "must not be blank");
			}
			if (this.queueCapacity != null && this.queueCapacity < 1) {
				throw new InvalidSettingException(this.name, "queueCapacity", this.queueCapacity, "must be at least 1");
			}
			if (this.shutdownTimeout.isNegative()) {
				throw new InvalidSettingException(this.name, "shutdownTimeout", this.shutdownTimeout,
						"must not be negative");
			}
			return new Tpool(this, resolveSize());
		}

		private int resolveSize() {
			if (this.size != null) {
				if (this.size < 1 || this.size > MAX_SIZE) {
					throw new InvalidSettingException(this.name, "size", this.size, "must be from 1 to " + MAX_SIZE);
				}
				return this.size;
			}
			String value = this.environment.apply(SIZE_ENVIRONMENT_VARIABLE);
			if (value == null) {
				return DEFAULT_SIZE;
			}
			try {
				int size = Integer.parseInt(value.strip());
				if (size >= 1 && size <= MAX_SIZE) {
					return size;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw InvalidSettingException.environmentVariable(SIZE_ENVIRONMENT_VARIABLE, value,
					"must be a whole number from 1 to " + MAX_SIZE);
		}

	}

}
