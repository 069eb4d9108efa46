package io.tpool;

import java.util.concurrent.TimeUnit;

/**
 * Cumulative timings of the tasks that ran on a {@link Tpool}, read by function timers.
 *
 * @param started the tasks that started on a pool thread
 * @param queueWaitTime their total time from hand-off to start
 * @param succeeded the tasks that ended without throwing
 * @param successTime their total time on the pool thread
 * @param failed the tasks that threw
 * @param failureTime their total time on the pool thread
 * @param unit the unit of the times
 * @author tpool
 */
public record TpoolTimings(long started, long queueWaitTime, long succeeded, long successTime, long failed,
		long failureTime, TimeUnit unit) {

}
