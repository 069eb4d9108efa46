package io.tpool.watchdog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads which virtual thread each carrier runs, without stopping any thread and without a
 * thread dump: the JVM reports a carrier that runs a virtual thread as waiting on that
 * virtual thread ({@code java.lang.VirtualThread@1b6d3586}, its identity hash), and an
 * idle carrier as waiting on the scheduler. A reading of every carrier costs tens of
 * microseconds. Two readings that find the same virtual thread on a carrier, and every
 * reading between them too, show that it kept its carrier all along, whatever it did
 * there: a native call, a CPU loop, a wait in a class initializer.
 * <p>
 * The carriers are the platform threads named as the scheduler names its workers
 * ({@code ForkJoinPool-1-worker-}), a name learnt from a virtual thread when the reader
 * is made; the list is read again when the scheduler's parallelism changes, and once a
 * second, for carriers that started or ended.
 *
 * @since 0.3.0
 */
final class CarrierThreads {

	private static final String VIRTUAL_THREAD = "java.lang.VirtualThread@";

	private static final long REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

	private final Supplier<long[]> carrierIds;

	private final Function<long[], Reading[]> mounted;

	private long[] ids = new long[0];

	private long refreshedAt;

	private long parallelism = -1;

	/**
	 * Creates a reader.
	 * @param carrierIds the ids of the carrier threads now
	 * @param mounted for the threads with the given ids, what each runs
	 */
	CarrierThreads(Supplier<long[]> carrierIds, Function<long[], Reading[]> mounted) {
		this.carrierIds = carrierIds;
		this.mounted = mounted;
	}

	/**
	 * The reader of this JVM's carriers.
	 * @return the reader, or {@code null} where the scheduler's workers cannot be told
	 */
	static @Nullable CarrierThreads ofThisJvm() {
		String prefix = workerNamePrefix();
		if (prefix == null) {
			return null;
		}
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		boolean cpuTime = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
		return new CarrierThreads(() -> {
			ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
			return Arrays.stream(infos)
				.filter((info) -> info != null && info.getThreadName().startsWith(prefix))
				.mapToLong(ThreadInfo::getThreadId)
				.toArray();
		}, (ids) -> {
			ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
			Reading[] readings = new Reading[ids.length];
			for (int i = 0; i < ids.length; i++) {
				ThreadInfo info = infos[i];
				String lock = (info != null) ? info.getLockName() : null;
				readings[i] = new Reading((lock != null && lock.startsWith(VIRTUAL_THREAD)) ? lock : null,
						info != null && info.isInNative(), cpuTime ? threads.getThreadCpuTime(ids[i]) : -1);
			}
			return readings;
		});
	}

	/**
	 * The prefix of the scheduler's workers' names, as a virtual thread names its
	 * carrier: {@code VirtualThread[#22]/runnable@ForkJoinPool-1-worker-1}.
	 */
	static @Nullable String workerNamePrefix() {
		String[] described = new String[1];
		try {
			Thread probe = Thread.ofVirtual().start(() -> described[0] = Thread.currentThread().toString());
			if (!probe.join(Duration.ofSeconds(5))) {
				return null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		return workerNamePrefix(described[0]);
	}

	static @Nullable String workerNamePrefix(@Nullable String virtualThread) {
		if (virtualThread == null) {
			return null;
		}
		int at = virtualThread.lastIndexOf('@');
		int dash = virtualThread.lastIndexOf('-');
		return (at >= 0 && dash > at) ? virtualThread.substring(at + 1, dash + 1) : null;
	}

	/**
	 * Reads which virtual thread each carrier runs.
	 * @param now a {@link System#nanoTime()} value
	 * @param parallelism the scheduler's parallelism now: the carriers are listed again
	 * when it changed
	 * @return what each carrier runs, by carrier id, in the order of the carriers
	 */
	Map<Long, Reading> read(long now, long parallelism) {
		if (parallelism != this.parallelism || now - this.refreshedAt >= REFRESH_NANOS) {
			this.ids = this.carrierIds.get();
			this.refreshedAt = now;
			this.parallelism = parallelism;
		}
		Reading[] readings = (this.ids.length > 0) ? this.mounted.apply(this.ids) : new Reading[0];
		Map<Long, Reading> byCarrier = new LinkedHashMap<>();
		for (int i = 0; i < this.ids.length; i++) {
			byCarrier.put(this.ids[i], readings[i]);
		}
		return byCarrier;
	}

	/**
	 * One carrier, as read at one moment.
	 *
	 * @param virtualThread the identity of the virtual thread it runs, {@code null} when
	 * idle
	 * @param inNative whether it executes native code
	 * @param cpuNanos its CPU time, or a negative value where it cannot be measured
	 */
	record Reading(@Nullable String virtualThread, boolean inNative, long cpuNanos) {

	}

}
