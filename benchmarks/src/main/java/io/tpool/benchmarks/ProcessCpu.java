package io.tpool.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;

/**
 * The process's CPU time over a window, to the nanosecond where Linux tells it. The JDK's
 * {@code getProcessCpuTime} counts in scheduler ticks here (10 ms), which is a third of
 * the whole signal at one call every 10 ms over a few seconds; the scheduler's own
 * account of each thread ({@code /proc/self/task/<tid>/schedstat}, the time on a CPU in
 * nanoseconds) is exact. A thread that ends inside the window takes its time with it, so
 * the pools measured keep their threads for the window; elsewhere the JDK's reading is
 * used.
 *
 * @since 0.2.0
 */
final class ProcessCpu {

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final Map<String, Long> threadsBefore;

	private final long processBefore;

	private ProcessCpu(Map<String, Long> threadsBefore, long processBefore) {
		this.threadsBefore = threadsBefore;
		this.processBefore = processBefore;
	}

	/**
	 * Starts a window.
	 * @return the window
	 */
	static ProcessCpu start() {
		return new ProcessCpu(threads(), OS.getProcessCpuTime());
	}

	/**
	 * The CPU time the process spent since {@link #start()}.
	 * @return nanoseconds
	 */
	long elapsedNanos() {
		Map<String, Long> now = threads();
		if (this.threadsBefore.isEmpty() || now.isEmpty()) {
			return OS.getProcessCpuTime() - this.processBefore;
		}
		long total = 0;
		for (Map.Entry<String, Long> thread : now.entrySet()) {
			total += thread.getValue() - this.threadsBefore.getOrDefault(thread.getKey(), 0L);
		}
		return total;
	}

	/**
	 * The CPU time that each group of threads spent since {@link #start()}; a thread
	 * started inside the window counts from its start. Empty where the scheduler does not
	 * say.
	 * @param groupOf the group of a thread, from its name as the kernel keeps it (at most
	 * 15 characters)
	 * @return nanoseconds by group
	 */
	Map<String, Long> elapsedNanosByGroup(Function<String, String> groupOf) {
		Map<String, Long> byGroup = new TreeMap<>();
		for (Map.Entry<String, Long> thread : threads().entrySet()) {
			String name;
			try {
				name = Files.readString(TASKS.resolve(thread.getKey()).resolve("comm")).strip();
			}
			catch (IOException | RuntimeException ex) {
				// The thread ended meanwhile: it is not counted.
				continue;
			}
			long spent = thread.getValue() - this.threadsBefore.getOrDefault(thread.getKey(), 0L);
			byGroup.merge(groupOf.apply(name), spent, Long::sum);
		}
		return byGroup;
	}

	/** Each live thread's time on a CPU; empty where the scheduler does not say. */
	private static Map<String, Long> threads() {
		Map<String, Long> times = new HashMap<>();
		try (Stream<Path> tasks = Files.list(TASKS)) {
			tasks.forEach((task) -> {
				try {
					String schedstat = Files.readString(task.resolve("schedstat"));
					times.put(task.getFileName().toString(),
							Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended meanwhile: it is not counted.
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			return Map.of();
		}
		return times;
	}

}
