package io.tpool;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The timer of the deadlines of submitted tasks, shared by every pool. */
final class Deadlines {

	static final ScheduledThreadPoolExecutor TIMER;

	static {
		TIMER = new ScheduledThreadPoolExecutor(1,
				(task) -> Thread.ofPlatform()
					.daemon()
					.name("deadlines of tpool submits")
					.inheritInheritableThreadLocals(false)
					.unstarted(task));
		TIMER.setRemoveOnCancelPolicy(true);
	}

	private Deadlines() {
	}

}
