package io.tpool.demo.dashboard;

/**
 * The pool's and the carriers' state at one moment.
 *
 * @param seq the sample's number, rising from 1
 * @param time when it was taken, in milliseconds since the epoch
 * @param active the pool's tasks running now
 * @param queued the pool's tasks waiting for a thread
 * @param utilization active per pool thread, 0 to 1
 * @param saturation active and queued per pool thread; above 1 means calls wait
 * @param completed the pool's tasks that ran to an end so far
 * @param mounted the virtual threads mounted on a carrier
 * @param queuedVirtualThreads the virtual threads waiting for a carrier
 * @param virtualThreadStartMillis how long a fresh virtual thread waited to run (while
 * one still waits: how long it has waited so far)
 * @author tpool
 */
public record Sample(long seq, long time, int active, int queued, double utilization, double saturation, long completed,
		int mounted, long queuedVirtualThreads, double virtualThreadStartMillis) {

}
