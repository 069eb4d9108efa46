package io.tpool;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The settings of a pool, validated: what its builder hands the pool. The constructor
 * throws an {@link InvalidSettingException} naming the setting and its value when one is
 * out of range, and resolves what is unset.
 *
 * @param name the pool's name, not blank
 * @param size the most threads at once, from 1 to {@value #MAX_SIZE}
 * @param queueCapacity how many tasks may wait, at least 1, or {@code null} for unbounded
 * @param threadNamePrefix the prefix of the threads' names, not blank
 * @param shutdownTimeout how long a close waits for the work, not negative
 * @param keepAlive how long an idle thread lives, positive
 * @param timeout every call's deadline, positive, or {@code null} for none
 * @param maxQueueWait how long a task may wait for a thread, positive, or {@code null}
 * for none
 * @param taskDecorator decorates every task the pool runs, or {@code null}
 * @param contextCarrier carries the caller's state to the pool thread, or {@code null}
 */
record TpoolSettings(String name, int size, @Nullable Integer queueCapacity, String threadNamePrefix,
		Duration shutdownTimeout, Duration keepAlive, @Nullable Duration timeout, @Nullable Duration maxQueueWait,
		@Nullable UnaryOperator<Runnable> taskDecorator, @Nullable ContextCarrier contextCarrier) {

	/** The number of threads when neither the builder nor the environment set one. */
	static final int DEFAULT_SIZE = 20;

	/** The most threads a pool may have. */
	static final int MAX_SIZE = 10_000;

	/** The environment variable that sets the number of threads, as in eventlet. */
	static final String SIZE_ENVIRONMENT_VARIABLE = "EVENTLET_THREADPOOL_SIZE";

	TpoolSettings {
		if (name.isBlank()) {
			throw new InvalidSettingException(name, "name", name, "must not be blank");
		}
		if (threadNamePrefix.isBlank()) {
			// Threads named 1, 2, ... could not be told in a dump or a log.
			throw new InvalidSettingException(name, "threadNamePrefix", "'" + threadNamePrefix + "'",
					"must not be blank");
		}
		if (queueCapacity != null && queueCapacity < 1) {
			throw new InvalidSettingException(name, "queueCapacity", queueCapacity, "must be at least 1");
		}
		if (shutdownTimeout.isNegative()) {
			throw new InvalidSettingException(name, "shutdownTimeout", shutdownTimeout, "must not be negative");
		}
		requirePositive(name, "keepAlive", keepAlive);
		requirePositive(name, "timeout", timeout);
		requirePositive(name, "maxQueueWait", maxQueueWait);
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidSettingException(name, "size", size, "must be from 1 to " + MAX_SIZE);
		}
	}

	private static void requirePositive(String name, String setting, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new InvalidSettingException(name, setting, value, "must be positive");
		}
	}

	/**
	 * The size when the builder sets none: the {@value #SIZE_ENVIRONMENT_VARIABLE}
	 * environment variable, else {@value #DEFAULT_SIZE}.
	 * @param environment reads an environment variable
	 * @return the size
	 * @throws InvalidSettingException naming the variable and its value when it is not a
	 * size
	 */
	static int sizeFrom(Function<String, @Nullable String> environment) {
		String value = environment.apply(SIZE_ENVIRONMENT_VARIABLE);
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
