package io.tpool;

import java.time.Duration;

/**
 * Times and durations in the nanoseconds of {@link System#nanoTime()}, as the pool, its
 * jobs and its hand-off keep them.
 */
final class Nanos {

	/**
	 * The longest time the pool waits for, about 73 years: a longer duration, such as
	 * {@code ChronoUnit.FOREVER.getDuration()}, waits this long. Far enough from
	 * {@link Long#MAX_VALUE} that a time this far ahead of {@link System#nanoTime()}
	 * still compares right.
	 */
	static final long FOREVER = Long.MAX_VALUE >> 2;

	private static final Duration FOREVER_DURATION = Duration.ofNanos(FOREVER);

	private Nanos() {
	}

	/**
	 * A duration in nanoseconds, at most {@link #FOREVER}: a longer one, which
	 * {@link Duration#toNanos()} could not even express, waits as long.
	 */
	static long of(Duration duration) {
		return (duration.compareTo(FOREVER_DURATION) >= 0) ? FOREVER : duration.toNanos();
	}

	/**
	 * A time that is never 0: 0 means "no deadline" to a waiting job, and "not read" to a
	 * job's hand-off time and a worker's idleness.
	 */
	static long nonZero(long time) {
		return (time != 0) ? time : 1;
	}

}
