package io.tpool.watchdog;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tpool.watchdog.CarrierThreads.Reading;

/**
 * Follows, from one reading of the carriers to the next, how long each has run the same
 * virtual thread: a carrier found running the same one at every reading for a while is
 * held by it, whatever it does there. What it did tells a hold from a carrier that the
 * operating system took the CPU from while it ran a short task, on a machine busy with
 * other processes: a carrier in native code (a JNI call, a {@code java.lang.foreign}
 * downcall) or computing (a CPU loop, a class initializer's work) is held after the
 * delay; one that used next to no CPU without being in native code is held if the
 * operating system has it sleeping (a virtual thread waiting, pinned, for a class
 * initializer), not if it has it runnable (waiting for a CPU), nor where it does not tell
 * (not Linux). Times are {@link System#nanoTime()} values.
 *
 * @since 0.3.0
 */
final class HeldCarriers {

	/** The share of its time on a CPU from which a carrier counts as computing. */
	static final double COMPUTING_CPU_SHARE = 0.25;

	private final Map<Long, Streak> streaks = new HashMap<>();

	/** The carriers held at the last reading, by carrier id. */
	private final Map<Long, Hold> held = new LinkedHashMap<>();

	/**
	 * Takes a reading into account.
	 * @param readings what each carrier runs, by carrier id
	 * @param now when the carriers were read
	 * @param heldNanos how long a carrier must have run the same virtual thread to count
	 * @return how many carriers are held
	 */
	int update(Map<Long, Reading> readings, long now, long heldNanos) {
		this.streaks.keySet().retainAll(readings.keySet());
		this.held.clear();
		for (Map.Entry<Long, Reading> carrier : readings.entrySet()) {
			Reading reading = carrier.getValue();
			String virtualThread = reading.virtualThread();
			if (virtualThread == null) {
				this.streaks.remove(carrier.getKey());
				continue;
			}
			Streak streak = this.streaks.get(carrier.getKey());
			if (streak == null || !streak.virtualThread().equals(virtualThread)) {
				this.streaks.put(carrier.getKey(), new Streak(virtualThread, now, reading.cpuNanos()));
			}
			else if (isHeld(streak, reading, now, heldNanos)) {
				this.held.put(carrier.getKey(), new Hold(virtualThread, now - streak.since()));
			}
		}
		return this.held.size();
	}

	/**
	 * The carriers that the last reading found held.
	 * @return the holds, by carrier id
	 */
	Map<Long, Hold> held() {
		return this.held;
	}

	private static boolean isHeld(Streak streak, Reading reading, long now, long heldNanos) {
		long elapsed = now - streak.since();
		if (elapsed < heldNanos) {
			return false;
		}
		if (reading.inNative() || streak.cpuNanos() < 0 || reading.cpuNanos() < 0) {
			return true;
		}
		double cpuShare = (double) (reading.cpuNanos() - streak.cpuNanos()) / elapsed;
		// Next to no CPU outside native code: blocked where the operating system has the
		// carrier sleeping, waiting for a CPU where it has it runnable.
		return cpuShare >= COMPUTING_CPU_SHARE || reading.osState() == 'S' || reading.osState() == 'D';
	}

	/** Forgets every streak. */
	void clear() {
		this.streaks.clear();
		this.held.clear();
	}

	/**
	 * A carrier held at the last reading.
	 *
	 * @param virtualThread the identity of the virtual thread that holds it
	 * @param nanos how long it had held it then
	 */
	record Hold(String virtualThread, long nanos) {

	}

	private record Streak(String virtualThread, long since, long cpuNanos) {

	}

}
