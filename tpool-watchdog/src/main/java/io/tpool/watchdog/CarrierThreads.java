package io.tpool.watchdog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.jspecify.annotations.Nullable;

/**
 * Reads which virtual thread each carrier runs, without stopping any thread and without a
 * thread dump: the JVM reports a carrier that runs a virtual thread as waiting on that
 * virtual thread ({@code java.lang.VirtualThread@1b6d3586}, its identity hash), and an
 * idle carrier as waiting on the scheduler. A reading of every carrier costs tens of
 * microseconds. Two readings that find the same virtual thread on a carrier, and every
 * reading between them too, show that it kept its carrier all along, whatever it did
 * there: a native call, a CPU loop, a wait in a class initializer. Each reading also
 * tells whether the carrier is in native code, its CPU time, and, on Linux, whether the
 * operating system has it running or waiting for a CPU ({@code R}) or sleeping
 * ({@code S}, {@code D}): what tells a carrier blocked by its virtual thread from one
 * that only waits for the CPU on a busy machine.
 * <p>
 * The carriers are the platform threads of the JDK's carrier class; the list is read
 * again when the scheduler's parallelism changes, and once a second, for carriers that
 * started or ended.
 *
 * @since 0.3.0
 */
final class CarrierThreads {

	/** What a reading gives for a state that the operating system does not tell. */
	static final char UNKNOWN_STATE = '?';

	private static final String VIRTUAL_THREAD = "java.lang.VirtualThread@";

	/** The class of the JDK's carrier threads, those of its virtual thread scheduler. */
	private static final String CARRIER_CLASS = "jdk.internal.misc.CarrierThread";

	private static final long REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

	/** A thread's Java id and operating system id in HotSpot's thread print. */
	private static final Pattern THREAD_IDS = Pattern.compile("^\".*\" #(\\d+) \\[(\\d+)\\]", Pattern.MULTILINE);

	private static final Path TASKS = Path.of("/proc/self/task");

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
	 * The reader of this JVM's carriers: the platform threads of the JDK's carrier class,
	 * found without a virtual thread, which could not start while every carrier is held.
	 * @return the reader
	 */
	static CarrierThreads ofThisJvm() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		boolean cpuTime = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
		OsThreads osThreads = new OsThreads();
		return new CarrierThreads(() -> {
			long[] ids = carrierIds();
			osThreads.refresh(ids);
			return ids;
		}, (ids) -> {
			ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
			Reading[] readings = new Reading[ids.length];
			for (int i = 0; i < ids.length; i++) {
				ThreadInfo info = infos[i];
				String lock = (info != null) ? info.getLockName() : null;
				readings[i] = new Reading((lock != null && lock.startsWith(VIRTUAL_THREAD)) ? lock : null,
						info != null && info.isInNative(), cpuTime ? threads.getThreadCpuTime(ids[i]) : -1,
						osThreads.state(ids[i]));
			}
			return readings;
		});
	}

	/** The ids of the platform threads that carry virtual threads now. */
	static long[] carrierIds() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 16];
		int count = root.enumerate(threads, true);
		return Arrays.stream(threads, 0, count)
			.filter((thread) -> thread.getClass().getName().equals(CARRIER_CLASS))
			.mapToLong(Thread::threadId)
			.toArray();
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
	 * @param osState its state for the operating system: {@code R} running or waiting for
	 * a CPU, {@code S} or {@code D} sleeping; {@value #UNKNOWN_STATE} where not told
	 */
	record Reading(@Nullable String virtualThread, boolean inNative, long cpuNanos, char osState) {

		Reading(@Nullable String virtualThread, boolean inNative, long cpuNanos) {
			this(virtualThread, inNative, cpuNanos, UNKNOWN_STATE);
		}

	}

	/**
	 * The operating system's view of the carriers, on Linux: their thread ids from
	 * HotSpot's thread print, learnt when the carriers change, and their states from
	 * {@code /proc/self/task/<id>/stat}.
	 */
	private static final class OsThreads {

		private final boolean available = Files.isDirectory(TASKS);

		private Map<Long, Long> osIds = Map.of();

		private long[] known = new long[0];

		void refresh(long[] carrierIds) {
			if (!this.available || Arrays.equals(carrierIds, this.known)) {
				return;
			}
			this.known = carrierIds.clone();
			this.osIds = osIds();
		}

		char state(long carrierId) {
			Long osId = this.osIds.get(carrierId);
			if (osId == null) {
				return UNKNOWN_STATE;
			}
			try {
				String stat = Files.readString(TASKS.resolve(osId.toString()).resolve("stat"));
				int end = stat.lastIndexOf(')');
				return (end >= 0 && end + 2 < stat.length()) ? stat.charAt(end + 2) : UNKNOWN_STATE;
			}
			catch (IOException | RuntimeException ex) {
				return UNKNOWN_STATE;
			}
		}

		private static Map<Long, Long> osIds() {
			try {
				MBeanServer server = ManagementFactory.getPlatformMBeanServer();
				String print = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
						"threadPrint", new Object[] { new String[0] }, new String[] { String[].class.getName() });
				Map<Long, Long> ids = new HashMap<>();
				Matcher matcher = THREAD_IDS.matcher(print);
				while (matcher.find()) {
					ids.put(Long.valueOf(matcher.group(1)), Long.valueOf(matcher.group(2)));
				}
				return ids;
			}
			catch (Exception ex) {
				return Map.of();
			}
		}

	}

}
