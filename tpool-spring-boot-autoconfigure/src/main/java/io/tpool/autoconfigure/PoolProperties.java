package io.tpool.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one pool: those of the default pool directly under {@code tpool}, and
 * those of each named pool under {@code tpool.pools.<name>}. A setting left unset means
 * the pool's own default.
 *
 * @since 0.2.0
 */
public class PoolProperties {

	/**
	 * Number of pool threads, from 1 to 10000. When not set, 20; for the default pool,
	 * the EVENTLET_THREADPOOL_SIZE environment variable first.
	 */
	private @Nullable Integer size;

	/**
	 * Number of tasks, at least 1, that may wait while every pool thread is busy before a
	 * hand-off is refused. When not set, unbounded.
	 */
	private @Nullable Integer queueCapacity;

	/**
	 * Prefix of the pool threads' names, which end with 1, 2, and so on. When not set,
	 * the pool's name and a dash.
	 */
	private @Nullable String threadNamePrefix;

	/**
	 * How long a pool thread may stay idle before it ends; threads start on demand. Must
	 * be positive.
	 */
	private @Nullable Duration keepAlive;

	/**
	 * Deadline of every call to the pool: past it, the caller gets a
	 * TpoolTimeoutException, a task that has not started never runs and a running one is
	 * interrupted. Must be positive. When not set, calls wait for their task however long
	 * it takes.
	 */
	private @Nullable Duration timeout;

	/**
	 * How long a task may wait for a pool thread: one that has not started within it
	 * never runs and its caller gets a RejectedExecutionException. Must be positive. When
	 * not set, a task waits until a thread is free.
	 */
	private @Nullable Duration maxQueueWait;

	private final Shutdown shutdown = new Shutdown();

	public @Nullable Integer getSize() {
		return this.size;
	}

	public void setSize(@Nullable Integer size) {
		this.size = size;
	}

	public @Nullable Integer getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(@Nullable Integer queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public @Nullable String getThreadNamePrefix() {
		return this.threadNamePrefix;
	}

	public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
		this.threadNamePrefix = threadNamePrefix;
	}

	public @Nullable Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(@Nullable Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getMaxQueueWait() {
		return this.maxQueueWait;
	}

	public void setMaxQueueWait(@Nullable Duration maxQueueWait) {
		this.maxQueueWait = maxQueueWait;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	/**
	 * Shutdown of the pool when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * How long running and queued tasks may take to finish when the context closes,
		 * before they are interrupted. Must not be negative.
		 */
		private @Nullable Duration awaitTerminationPeriod;

		public @Nullable Duration getAwaitTerminationPeriod() {
			return this.awaitTerminationPeriod;
		}

		public void setAwaitTerminationPeriod(@Nullable Duration awaitTerminationPeriod) {
			this.awaitTerminationPeriod = awaitTerminationPeriod;
		}

	}

}
