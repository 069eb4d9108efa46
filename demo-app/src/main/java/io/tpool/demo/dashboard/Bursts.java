package io.tpool.demo.dashboard;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.tpool.demo.duckdb.DuckDbReport;
import io.tpool.demo.nativecall.NativeClient;

/**
 * Fires bursts of concurrent native calls or DuckDB report queries, each on a virtual
 * thread of its own, and bounds how many calls are in flight at once.
 */
public class Bursts {

	private final NativeClient direct;

	private final NativeClient offloaded;

	private final DuckDbReport directReport;

	private final DuckDbReport offloadedReport;

	private final int maxInFlight;

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * Creates the bursts of the demo's clients.
	 * @param direct the native client that calls on its caller's thread
	 * @param offloaded the native client whose calls run on the pool
	 * @param directReport the DuckDB report that queries on its caller's thread
	 * @param offloadedReport the DuckDB report whose queries run on the pool
	 * {@code duckdb}
	 * @param maxInFlight the calls and queries allowed in flight at once
	 * @since 0.2.0
	 */
	public Bursts(NativeClient direct, NativeClient offloaded, DuckDbReport directReport, DuckDbReport offloadedReport,
			int maxInFlight) {
		this.direct = direct;
		this.offloaded = offloaded;
		this.directReport = directReport;
		this.offloadedReport = offloadedReport;
		this.maxInFlight = maxInFlight;
	}

	/**
	 * Starts a burst and returns without waiting for it.
	 * @param mode direct or offloaded
	 * @param count how many calls
	 * @param millis how long each sleeps in native code
	 * @return whether it started; {@code false} when it would exceed the calls allowed in
	 * flight
	 */
	public boolean fire(BurstMode mode, int count, int millis) {
		NativeClient client = (mode == BurstMode.DIRECT) ? this.direct : this.offloaded;
		return fire("burst-" + mode.name().toLowerCase(Locale.ROOT) + "-", count, () -> client.sleep(millis));
	}

	/**
	 * Starts a burst of DuckDB report queries, each asked for by a virtual thread of its
	 * own, and returns without waiting for it.
	 * @param mode direct (each virtual thread makes its query, keeping its carrier) or
	 * offloaded (the query runs on the pool {@code duckdb} while the virtual thread
	 * parks)
	 * @param count how many queries
	 * @return whether it started; {@code false} when it would exceed the calls allowed in
	 * flight
	 * @since 0.2.0
	 */
	public boolean fireReports(BurstMode mode, int count) {
		DuckDbReport report = (mode == BurstMode.DIRECT) ? this.directReport : this.offloadedReport;
		return fire("burst-duckdb-" + mode.name().toLowerCase(Locale.ROOT) + "-", count, report::run);
	}

	private boolean fire(String namePrefix, int count, Runnable call) {
		if (this.inFlight.addAndGet(count) > this.maxInFlight) {
			this.inFlight.addAndGet(-count);
			return false;
		}
		Thread.Builder calls = Thread.ofVirtual().name(namePrefix, 1);
		// Started from a platform thread, as the web server starts a virtual thread per
		// request: they queue for the carriers as a crowd of requests would.
		Thread.ofPlatform().name("burst-starter").daemon(true).start(() -> {
			for (int i = 0; i < count; i++) {
				calls.start(() -> {
					try {
						call.run();
					}
					finally {
						this.inFlight.decrementAndGet();
					}
				});
			}
		});
		return true;
	}

	/**
	 * The calls that have been fired and not finished.
	 * @return the calls in flight
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * The calls allowed in flight at once.
	 * @return the bound
	 */
	public int maxInFlight() {
		return this.maxInFlight;
	}

}
