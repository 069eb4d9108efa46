package io.tpool.watchdog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import org.jspecify.annotations.Nullable;

/**
 * Finds the virtual threads that hold carriers, with their ids, their carriers' ids and
 * their stacks, in a JSON thread dump. In the dump (JDK 21 and later) a mounted virtual
 * thread has a {@code carrier} member, the carrier's id, and thread containers (the root
 * one, executors, structured task scopes) list the threads.
 *
 * @since 0.1.0
 */
final class CarrierHolderDump {

	/** A dump of one mounted virtual thread, stripped as {@link #take()} strips one. */
	static final String WARM_UP_DUMP = "{\"threadDump\": {\"processId\": \"1\", \"threadContainers\": ["
			+ "{\"container\": \"<root>\", \"parent\": null, \"owner\": null, \"threads\": ["
			+ "{\"tid\": \"2\", \"virtual\": true, \"name\": \"\", \"state\": \"RUNNABLE\", "
			+ "\"stack\": [\"java.base\\/java.lang.VirtualThread.run(VirtualThread.java:1)\"], \"carrier\": \"3\"}"
			+ "], \"threadCount\": \"1\"}]}}";

	private final HotSpotDiagnosticMXBean diagnostics;

	private CarrierHolderDump(HotSpotDiagnosticMXBean diagnostics) {
		this.diagnostics = diagnostics;
	}

	/**
	 * Creates the dump where the JVM offers JSON thread dumps.
	 * @return the dump
	 * @throws IllegalStateException where the JVM has no HotSpot diagnostic MXBean
	 */
	static CarrierHolderDump create() {
		HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		if (diagnostics == null) {
			throw new IllegalStateException("No HotSpotDiagnosticMXBean");
		}
		return new CarrierHolderDump(diagnostics);
	}

	/**
	 * Loads and readies the reading of dumps with a dump of one thread. Called when the
	 * watchdog starts, so that the first dump of a starvation episode loads no classes
	 * while the carriers keep the cores busy.
	 */
	void warmUp() {
		carrierHolders(JsonReader.readObject(WARM_UP_DUMP));
	}

	/**
	 * Dumps the threads and returns the virtual threads that hold carriers.
	 * @return the carrier holders
	 * @throws IOException if the dump cannot be written or read
	 */
	List<CarrierHolder> take() throws IOException {
		// A private directory: dumpThreads writes to a path that must not exist yet.
		Path directory = Files.createTempDirectory("tpool-watchdog");
		Path file = directory.resolve("threads.json");
		try {
			this.diagnostics.dumpThreads(file.toString(), ThreadDumpFormat.JSON);
			return carrierHolders(JsonReader.readObject(Files.readString(file)));
		}
		finally {
			Files.deleteIfExists(file);
			Files.deleteIfExists(directory);
		}
	}

	static List<CarrierHolder> carrierHolders(Map<String, @Nullable Object> dump) {
		List<CarrierHolder> holders = new ArrayList<>();
		for (Object container : list(map(dump.get("threadDump")).get("threadContainers"))) {
			for (Object thread : list(map(container).get("threads"))) {
				CarrierHolder holder = carrierHolder(map(thread));
				if (holder != null) {
					holders.add(holder);
				}
			}
		}
		return holders;
	}

	/**
	 * The thread as a carrier holder, or {@code null} for a platform thread, an unmounted
	 * virtual thread, and one whose ids or stack the dump lacks: without them it cannot
	 * be followed from dump to dump, or named.
	 */
	private static @Nullable CarrierHolder carrierHolder(Map<String, @Nullable Object> thread) {
		if (!Boolean.TRUE.equals(thread.get("virtual"))) {
			return null;
		}
		Long threadId = id(thread.get("tid"));
		Long carrierId = id(thread.get("carrier"));
		List<Frame> stack = list(thread.get("stack")).stream().map((frame) -> Frame.parse(frame.toString())).toList();
		return (threadId != null && carrierId != null && !stack.isEmpty())
				? new CarrierHolder(threadId, carrierId, stack) : null;
	}

	/** An id, which the dump writes as a string and another JDK may write as a number. */
	private static @Nullable Long id(@Nullable Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		try {
			return (value != null) ? Long.valueOf(value.toString()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> map(@Nullable Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, @Nullable Object>) map : Map.of();
	}

	private static List<?> list(@Nullable Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

}
