package io.tpool.watchdog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads whether the carrier threads execute native code: what tells carriers held in
 * native code by the virtual threads they carry (a JNI method, a
 * {@code java.lang.foreign} downcall), whether that code blocks or computes, from
 * carriers that run Java code. A mounted virtual thread runs on its carrier's platform
 * thread, so the carrier is in native code while the virtual thread is.
 * <p>
 * A thread dump marks JNI methods ({@code (Native Method)}), but not downcalls, whose
 * stub frames it hides: the innermost frame it shows is the Java method that made the
 * downcall. The JVM's own state of the carrier thread ({@link ThreadInfo#isInNative()})
 * tells both, and reading it without a stack
 * ({@link ThreadMXBean#getThreadInfo(long[], int)} with a depth of 0) stops no thread: it
 * costs microseconds, so the watchdog reads it at every sample of a cycle of dumps.
 *
 * @since 0.2.0
 */
final class CarrierNativeCode {

	private final Function<long[], @Nullable Boolean[]> inNative;

	/**
	 * Creates a reader.
	 * @param inNative for the platform threads with the given ids, whether each executes
	 * native code, or {@code null} for a thread that cannot be read (ended, say)
	 */
	CarrierNativeCode(Function<long[], @Nullable Boolean[]> inNative) {
		this.inNative = inNative;
	}

	/**
	 * The reader of this JVM's threads.
	 * @return the reader
	 */
	static CarrierNativeCode ofThisJvm() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		return new CarrierNativeCode((ids) -> {
			ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
			@Nullable Boolean[] inNative = new Boolean[ids.length];
			for (int i = 0; i < ids.length; i++) {
				inNative[i] = (infos[i] != null) ? infos[i].isInNative() : null;
			}
			return inNative;
		});
	}

	/**
	 * Starts counting readings of the given carriers.
	 * @param carrierIds the ids of the carrier threads
	 * @return the readings, none yet
	 */
	Readings open(Collection<Long> carrierIds) {
		return new Readings(carrierIds.stream().mapToLong(Long::longValue).toArray());
	}

	/**
	 * The readings of some carriers over a window: how often they were found in native
	 * code.
	 */
	final class Readings {

		private final long[] carrierIds;

		private int readings;

		private int inNative;

		private Readings(long[] carrierIds) {
			this.carrierIds = carrierIds;
		}

		/**
		 * Reads every carrier once; a carrier that cannot be read counts for nothing.
		 */
		void read() {
			if (this.carrierIds.length == 0) {
				return;
			}
			@Nullable Boolean[] states = CarrierNativeCode.this.inNative.apply(this.carrierIds);
			for (Boolean state : states) {
				if (state != null) {
					this.readings++;
					this.inNative += state ? 1 : 0;
				}
			}
		}

		/**
		 * How many carrier states were read.
		 * @return the readings, one per carrier and read
		 */
		int count() {
			return this.readings;
		}

		/**
		 * How many of the readings found a carrier in native code.
		 * @return at most {@link #count()}
		 */
		int inNative() {
			return this.inNative;
		}

		/**
		 * The share of the readings that found a carrier in native code.
		 * @return the share, or {@link Double#NaN} before any reading
		 */
		double nativeShare() {
			return (this.readings > 0) ? (double) this.inNative / this.readings : Double.NaN;
		}

	}

}
