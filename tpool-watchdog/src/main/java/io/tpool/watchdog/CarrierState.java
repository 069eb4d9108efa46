package io.tpool.watchdog;

/**
 * The carriers of virtual threads as a {@link CarrierWatchdog} sees them, and what its
 * compensation added.
 *
 * @param parallelism the carriers the scheduler aims to run now; -1 where the JVM does
 * not tell (before JDK 24)
 * @param baseParallelism the parallelism that the compensation found when it started, and
 * that it restores; the parallelism now where compensation is off
 * @param extra the carriers that compensation adds now
 * @param maxExtra the most carriers that compensation may add; 0 where it is off
 * @param compensation whether this watchdog compensates held carriers
 * @param compensations the carriers compensation added since it started, counted each
 * time one is added
 * @since 0.3.0
 */
public record CarrierState(int parallelism, int baseParallelism, int extra, int maxExtra, boolean compensation,
		long compensations) {

}
