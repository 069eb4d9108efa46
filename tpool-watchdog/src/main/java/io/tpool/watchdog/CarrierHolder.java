package io.tpool.watchdog;

import java.util.List;

/**
 * A virtual thread that a thread dump found mounted on a carrier.
 *
 * @param threadId the virtual thread's id, never reused by another thread
 * @param carrierId the id of the platform thread that carried it
 * @param stack its frames, innermost first
 * @since 0.2.0
 */
record CarrierHolder(long threadId, long carrierId, List<Frame> stack) {

	CarrierHolder {
		stack = List.copyOf(stack);
	}

	/**
	 * Whether the dump found this virtual thread in a native method: its innermost frame
	 * is one (see {@link Frame#isNativeMethod()}).
	 * @return whether it ran a JNI method when the dump found it
	 */
	boolean isInNativeMethod() {
		return !this.stack.isEmpty() && this.stack.get(0).isNativeMethod();
	}

	/**
	 * Whether another sighting may be this virtual thread still on the same carrier: a
	 * mounted virtual thread cannot move to another carrier, so one seen on another has
	 * left its carrier in between.
	 * @param other a holder found by another dump
	 * @return whether both are the same virtual thread on the same carrier
	 */
	boolean isOnSameCarrierAs(CarrierHolder other) {
		return this.threadId == other.threadId && this.carrierId == other.carrierId;
	}

}
