package io.tpool.watchdog;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CarrierHoldTracker}, with a threshold of 200 time units.
 *
 * @since 0.2.0
 */
class CarrierHoldTrackerTests {

	private static final long THRESHOLD = 200;

	private final CarrierHoldTracker tracker = new CarrierHoldTracker(THRESHOLD);

	@Test
	void aVirtualThreadFoundOnTheSameCarrierOverTheThresholdHasKeptIt() {
		this.tracker.follow(List.of(holder(21, 1, "first"), holder(22, 2, "first")), 0);
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "middle"), holder(22, 2, "middle")), 100)).isEmpty();
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "last"), holder(22, 2, "last")), 200))
			.containsExactly(holder(21, 1, "last"), holder(22, 2, "last"));
		assertThat(this.tracker.heldNanos(200)).isEqualTo(THRESHOLD);
		assertThat(this.tracker.dumps()).isEqualTo(3);
	}

	@Test
	void virtualThreadsThatGiveTheirCarriersBackAreDroppedAtTheNextDump() {
		this.tracker.follow(List.of(holder(21, 1, "task"), holder(22, 2, "task")), 0);
		assertThat(this.tracker.confirm(List.of(holder(23, 1, "task"), holder(24, 2, "task")), 100)).isEmpty();
		assertThat(this.tracker.isFollowing()).isFalse();
		assertThat(this.tracker.confirm(List.of(holder(23, 1, "task"), holder(24, 2, "task")), 200)).isEmpty();
	}

	@Test
	void aVirtualThreadFoundOnAnotherCarrierLeftItsCarrierInBetween() {
		this.tracker.follow(List.of(holder(21, 1, "task")), 0);
		assertThat(this.tracker.confirm(List.of(holder(21, 2, "task")), 200)).isEmpty();
		assertThat(this.tracker.isFollowing()).isFalse();
	}

	@Test
	void aVirtualThreadMissingFromOneDumpIsNotFollowedEvenIfItComesBack() {
		this.tracker.follow(List.of(holder(21, 1, "task")), 0);
		this.tracker.confirm(List.of(holder(22, 1, "task")), 100);
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "task")), 200)).isEmpty();
	}

	@Test
	void onlyTheVirtualThreadsThatStayedAreConfirmed() {
		this.tracker.follow(List.of(holder(21, 1, "stays"), holder(22, 2, "leaves")), 0);
		this.tracker.confirm(List.of(holder(21, 1, "stays"), holder(23, 2, "arrives")), 100);
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "stays"), holder(23, 2, "arrives")), 250))
			.containsExactly(holder(21, 1, "stays"));
	}

	@Test
	void aHoldIsMeasuredFromTheEndOfTheFirstDumpToTheStartOfTheLast() {
		this.tracker.follow(List.of(holder(21, 1, "task")), 50);
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "task")), 249)).isEmpty();
		assertThat(this.tracker.isFollowing()).isTrue();
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "task")), 250)).hasSize(1);
	}

	@Test
	void followingAgainForgetsTheVirtualThreadsFollowedBefore() {
		this.tracker.follow(List.of(holder(21, 1, "task")), 0);
		this.tracker.follow(List.of(holder(22, 2, "task")), 100);
		assertThat(this.tracker.dumps()).isOne();
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "task"), holder(22, 2, "task")), 300))
			.containsExactly(holder(22, 2, "task"));
	}

	@Test
	void clearStopsFollowing() {
		this.tracker.follow(List.of(holder(21, 1, "task")), 0);
		this.tracker.clear();
		assertThat(this.tracker.isFollowing()).isFalse();
		assertThat(this.tracker.confirm(List.of(holder(21, 1, "task")), 300)).isEmpty();
	}

	@Test
	void theCycleKeepsEveryVirtualThreadItsDumpsFoundAndTheCarriersOfTheFirst() {
		this.tracker.follow(List.of(holder(21, 1, "first"), holder(22, 2, "first")), 0);
		this.tracker.confirm(List.of(holder(21, 1, "later"), holder(23, 2, "later")), 100);
		assertThat(this.tracker.sighted()).containsExactly(holder(21, 1, "later"), holder(22, 2, "first"),
				holder(23, 2, "later"));
		assertThat(this.tracker.carrierIds()).containsExactly(1L, 2L);
	}

	@Test
	void theCycleStaysOpenWhenNoVirtualThreadIsFollowedAnyMore() {
		this.tracker.follow(List.of(holder(21, 1, "task")), 0);
		this.tracker.confirm(List.of(holder(22, 1, "task")), 100);
		assertThat(this.tracker.isFollowing()).isFalse();
		assertThat(this.tracker.isOpen()).isTrue();
		this.tracker.clear();
		assertThat(this.tracker.isOpen()).isFalse();
		assertThat(this.tracker.sighted()).isEmpty();
		assertThat(this.tracker.carrierIds()).isEmpty();
	}

	private static CarrierHolder holder(long threadId, long carrierId, String method) {
		return new CarrierHolder(threadId, carrierId, List.of(new Frame("com.example.Job", method, "Job.java:1")));
	}

}
