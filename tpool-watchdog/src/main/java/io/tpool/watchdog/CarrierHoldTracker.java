package io.tpool.watchdog;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows the virtual threads that one thread dump found on carriers through later dumps,
 * and tells which of them have kept the same carrier for the threshold: what tells
 * starvation from saturation. When short tasks keep every carrier busy, each dump finds
 * other virtual threads on the carriers; when a virtual thread keeps its carrier, every
 * dump finds it there.
 * <p>
 * Two sightings of a virtual thread on the same carrier do not prove that it stayed there
 * in between: it may have left and come back. That is why the sampler spaces its dumps at
 * half the threshold, so that a virtual thread must be found on the same carrier by three
 * dumps in a row, and why a virtual thread found elsewhere or not at all is dropped at
 * once. Times are {@link System#nanoTime()} values.
 * <p>
 * It also keeps every virtual thread that the cycle's dumps found on a carrier, and the
 * carriers of the first dump: what names the site, and whose CPU time is read, when the
 * carriers stay blocked although no virtual thread keeps one.
 *
 * @since 0.2.0
 */
final class CarrierHoldTracker {

	private final long thresholdNanos;

	/** The followed holders by thread id, as the latest dump found them. */
	private Map<Long, CarrierHolder> followed = Map.of();

	/** Every holder the cycle's dumps found, by thread id, as the latest one found it. */
	private Map<Long, CarrierHolder> sighted = new LinkedHashMap<>();

	/** The carriers of the first dump. */
	private Set<Long> carrierIds = Set.of();

	/** When the dump that first found the followed holders ended. */
	private long followedSince;

	private int dumps;

	CarrierHoldTracker(long thresholdNanos) {
		this.thresholdNanos = thresholdNanos;
	}

	/**
	 * Starts following the holders of a dump, forgetting those followed so far.
	 * @param holders the virtual threads that the dump found on carriers
	 * @param dumpEnd when the dump ended: each holder was on its carrier at some moment
	 * before
	 */
	void follow(List<CarrierHolder> holders, long dumpEnd) {
		Map<Long, CarrierHolder> followed = new LinkedHashMap<>();
		Set<Long> carrierIds = new LinkedHashSet<>();
		holders.forEach((holder) -> {
			followed.put(holder.threadId(), holder);
			carrierIds.add(holder.carrierId());
		});
		this.followed = followed;
		this.sighted = new LinkedHashMap<>(followed);
		this.carrierIds = carrierIds;
		this.followedSince = dumpEnd;
		this.dumps = 1;
	}

	/**
	 * Keeps following only the holders that a later dump found on the same carrier, and
	 * returns those that have kept it for the threshold.
	 * @param holders the virtual threads that the later dump found on carriers
	 * @param dumpStart when the later dump started: each holder was on its carrier at
	 * some moment after
	 * @return the holders, as the later dump found them, that have been on the same
	 * carrier since at least the threshold before {@code dumpStart}; empty while none has
	 */
	List<CarrierHolder> confirm(List<CarrierHolder> holders, long dumpStart) {
		Map<Long, CarrierHolder> stayed = new LinkedHashMap<>();
		for (CarrierHolder holder : holders) {
			CarrierHolder before = this.followed.get(holder.threadId());
			if (before != null && before.isOnSameCarrierAs(holder)) {
				stayed.put(holder.threadId(), holder);
			}
			this.sighted.put(holder.threadId(), holder);
		}
		this.followed = stayed;
		this.dumps++;
		return (heldNanos(dumpStart) >= this.thresholdNanos) ? List.copyOf(stayed.values()) : List.of();
	}

	/**
	 * How long the followed holders have at least been on their carriers.
	 * @param dumpStart when the latest dump started
	 * @return the time between the end of the first dump and the start of the latest
	 */
	long heldNanos(long dumpStart) {
		return dumpStart - this.followedSince;
	}

	/**
	 * When the first dump of the followed holders ended.
	 * @return a {@link System#nanoTime()} value
	 */
	long followedSince() {
		return this.followedSince;
	}

	/**
	 * The dumps that found the followed holders on their carriers.
	 * @return how many, the first included
	 */
	int dumps() {
		return this.dumps;
	}

	/**
	 * Every virtual thread that the cycle's dumps found on a carrier, each as the latest
	 * dump found it.
	 * @return the holders, in the order they were first found
	 */
	List<CarrierHolder> sighted() {
		return List.copyOf(this.sighted.values());
	}

	/**
	 * The carriers on which the first dump found the holders: under starvation, every
	 * carrier.
	 * @return the carriers' thread ids
	 */
	Set<Long> carrierIds() {
		return this.carrierIds;
	}

	/**
	 * Whether a cycle is open: {@link #follow} was called since the last
	 * {@link #clear()}, whether or not any holder is still followed.
	 * @return whether later dumps belong to the cycle
	 */
	boolean isOpen() {
		return this.dumps > 0;
	}

	/**
	 * Whether any holder is still followed.
	 * @return whether a later dump may confirm a hold
	 */
	boolean isFollowing() {
		return !this.followed.isEmpty();
	}

	/**
	 * Stops following.
	 */
	void clear() {
		this.followed = Map.of();
		this.sighted = new LinkedHashMap<>();
		this.carrierIds = Set.of();
		this.dumps = 0;
	}

}
