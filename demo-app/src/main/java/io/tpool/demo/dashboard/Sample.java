package io.tpool.demo.dashboard;

import java.util.List;

/**
 * The pools' and the carriers' state at one moment.
 *
 * @param seq the sample's number, rising from 1
 * @param time when it was taken, in milliseconds since the epoch
 * @param pools every pool's state, the default pool first
 * @param mounted the virtual threads mounted on a carrier
 * @param queuedVirtualThreads the virtual threads waiting for a carrier
 * @param virtualThreadStartMillis how long a fresh virtual thread waited to run (while
 * one still waits: how long it has waited so far)
 * @since 0.1.0
 */
public record Sample(long seq, long time, List<PoolSample> pools, int mounted, long queuedVirtualThreads,
		double virtualThreadStartMillis) {

	public Sample {
		pools = List.copyOf(pools);
	}

}
