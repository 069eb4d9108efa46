package io.tpool.watchdog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Reads how much CPU time the carrier threads used over a window: what tells carriers
 * blocked behind the virtual threads they carry (in native code, a system call, a wait
 * for a lock or a class initializer) from carriers busy computing. A mounted virtual
 * thread runs on its carrier's platform thread, so the carrier's CPU time is that of the
 * virtual threads it carried.
 *
 * @since 0.2.0
 */
final class CarrierCpuTime {

	/**
	 * What {@link ThreadMXBean#getThreadCpuTime(long)} returns for a thread it cannot
	 * measure.
	 */
	private static final long UNMEASURED = -1;

	private final LongUnaryOperator threadCpuTime;

	/**
	 * Creates a reader.
	 * @param threadCpuTime the CPU time in nanoseconds of the platform thread with the
	 * given id, or a negative value when it cannot be measured
	 */
	CarrierCpuTime(LongUnaryOperator threadCpuTime) {
		this.threadCpuTime = threadCpuTime;
	}

	/**
	 * The reader of this JVM's threads. Where the JVM does not measure threads' CPU time
	 * (not supported, or switched off by the application, which the watchdog leaves as it
	 * is), every window is {@linkplain Window#isMeasured() unmeasured}.
	 * @return the reader
	 */
	static CarrierCpuTime ofThisJvm() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		if (!threads.isThreadCpuTimeSupported()) {
			return new CarrierCpuTime((threadId) -> UNMEASURED);
		}
		return new CarrierCpuTime(threads::getThreadCpuTime);
	}

	/**
	 * Starts a window over the given carriers.
	 * @param carrierIds the ids of the carrier threads
	 * @param now when the window starts, a {@link System#nanoTime()} value
	 * @return the window
	 */
	Window open(Collection<Long> carrierIds, long now) {
		Map<Long, Long> start = new LinkedHashMap<>();
		for (Long carrierId : carrierIds) {
			long cpuTime = this.threadCpuTime.applyAsLong(carrierId);
			if (cpuTime >= 0) {
				start.put(carrierId, cpuTime);
			}
		}
		return new Window(start, now);
	}

	/**
	 * The CPU time of some carriers since a moment.
	 */
	final class Window {

		private final Map<Long, Long> startCpuTimes;

		private final long start;

		private Window(Map<Long, Long> startCpuTimes, long start) {
			this.startCpuTimes = startCpuTimes;
			this.start = start;
		}

		/**
		 * Whether any carrier's CPU time could be read at the start.
		 * @return whether {@link #cpuShare(long)} can tell anything
		 */
		boolean isMeasured() {
			return !this.startCpuTimes.isEmpty();
		}

		/**
		 * How long the window has lasted.
		 * @param now a {@link System#nanoTime()} value
		 * @return the nanoseconds since the window started
		 */
		long elapsedNanos(long now) {
			return now - this.start;
		}

		/**
		 * The share of the window that the carriers spent on a CPU, on average: 1 for
		 * carriers that computed all along, close to 0 for carriers that stayed blocked.
		 * A carrier that ended in between (an idle carrier ends after a while) is left
		 * out.
		 * @param now when the window ends, a {@link System#nanoTime()} value
		 * @return the share, or {@link Double#NaN} when no carrier could be measured
		 */
		double cpuShare(long now) {
			long cpuNanos = 0;
			int carriers = 0;
			for (Map.Entry<Long, Long> entry : this.startCpuTimes.entrySet()) {
				long cpuTime = CarrierCpuTime.this.threadCpuTime.applyAsLong(entry.getKey());
				if (cpuTime >= 0) {
					cpuNanos += cpuTime - entry.getValue();
					carriers++;
				}
			}
			long elapsed = elapsedNanos(now);
			return (carriers > 0 && elapsed > 0) ? (double) cpuNanos / ((double) elapsed * carriers) : Double.NaN;
		}

	}

}
