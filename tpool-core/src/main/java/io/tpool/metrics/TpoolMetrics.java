package io.tpool.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tpool.Tpool;
import io.tpool.TpoolListener;
import io.tpool.TpoolStats;

/**
 * Binds the meters of {@link Tpool} pools, tagged with the pool's {@code name}. Gauges
 * and counters read the pool's own counters, from one {@link Tpool#stats()} snapshot per
 * scrape (see {@link Readings}); the timers are real Micrometer {@link Timer}s, so that a
 * registry's distribution settings give them percentiles, histogram buckets and a max,
 * and they record each task through a {@link TpoolListener} after its caller has its
 * outcome. Plain Micrometer: usable without Spring. Closing it removes its meters and its
 * listeners.
 *
 * @since 0.1.0
 */
public class TpoolMetrics implements MeterBinder, AutoCloseable {

	private final List<Tpool> pools;

	private final Iterable<Tag> tags;

	private final List<Registered> registered = new ArrayList<>();

	/**
	 * Create a binder for pools.
	 * @param pools the pools
	 * @param tags tags added to every meter beside {@code name}
	 */
	public TpoolMetrics(List<Tpool> pools, Iterable<Tag> tags) {
		this.pools = List.copyOf(pools);
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Tpool pool : this.pools) {
			bindTo(registry, pool, Tags.concat(this.tags, "name", pool.name()));
		}
	}

	private void bindTo(MeterRegistry registry, Tpool pool, Tags tags) {
		List<Meter> meters = new ArrayList<>();
		Readings readings = new Readings(pool);
		// The size is one volatile read: no snapshot needed.
		meters.add(Gauge.builder("tpool.threads", pool, Tpool::size)
			.tags(tags)
			.description("The most threads that the pool runs at once")
			.baseUnit(BaseUnits.THREADS)
			.register(registry));
		meters.add(Gauge.builder("tpool.threads.live", readings, (r) -> r.stats(Readings.LIVE).threads())
			.tags(tags)
			.description("The threads of the pool alive now")
			.baseUnit(BaseUnits.THREADS)
			.register(registry));
		meters.add(Gauge.builder("tpool.threads.active", readings, (r) -> r.stats(Readings.ACTIVE).active())
			.tags(tags)
			.description("The number of pool threads running a task now")
			.baseUnit(BaseUnits.THREADS)
			.register(registry));
		meters.add(Gauge.builder("tpool.queue.size", readings, (r) -> r.stats(Readings.QUEUED).queued())
			.tags(tags)
			.description("The number of tasks waiting for a pool thread")
			.baseUnit(BaseUnits.TASKS)
			.register(registry));
		meters.add(Gauge.builder("tpool.utilization", readings, (r) -> r.stats(Readings.UTILIZATION).utilization())
			.tags(tags)
			.description("The share of pool threads running a task, from 0 to 1")
			.register(registry));
		meters.add(Gauge.builder("tpool.saturation", readings, (r) -> r.stats(Readings.SATURATION).saturation())
			.tags(tags)
			.description("Running and waiting tasks per pool thread; above 1 means that calls wait")
			.register(registry));
		Timer queueWait = Timer.builder("tpool.queue.wait")
			.tags(tags)
			.description("Time from hand-off to start on a pool thread")
			.register(registry);
		Timer success = Timer.builder("tpool.execution")
			.tags(tags.and("outcome", "success"))
			.description("Time of tasks on a pool thread")
			.register(registry);
		Timer error = Timer.builder("tpool.execution")
			.tags(tags.and("outcome", "error"))
			.description("Time of tasks on a pool thread")
			.register(registry);
		meters.addAll(List.of(queueWait, success, error));
		TpoolListener listener = (queueWaitNanos, runNanos, failed) -> {
			queueWait.record(queueWaitNanos, TimeUnit.NANOSECONDS);
			(failed ? error : success).record(runNanos, TimeUnit.NANOSECONDS);
		};
		pool.addListener(listener);
		meters
			.add(FunctionCounter.builder("tpool.tasks.rejected", readings, (r) -> r.stats(Readings.REJECTED).rejected())
				.tags(tags)
				.description("Hand-offs that the pool refused, and tasks shed because they could not start in time")
				.baseUnit(BaseUnits.TASKS)
				.register(registry));
		meters
			.add(FunctionCounter.builder("tpool.tasks.timeouts", readings, (r) -> r.stats(Readings.TIMEOUTS).timedOut())
				.tags(tags)
				.description("Calls whose deadline passed")
				.baseUnit(BaseUnits.TASKS)
				.register(registry));
		synchronized (this.registered) {
			this.registered.add(new Registered(registry, pool, listener, meters, readings));
		}
	}

	/**
	 * Removes the meters that this binder registered.
	 */
	@Override
	public void close() {
		synchronized (this.registered) {
			for (Registered registered : this.registered) {
				registered.pool().removeListener(registered.listener());
				registered.meters().forEach(registered.registry()::remove);
			}
			this.registered.clear();
		}
	}

	/**
	 * What a binding registered, and the readings that its meters hold only weakly.
	 */
	private record Registered(MeterRegistry registry, Tpool pool, TpoolListener listener, List<Meter> meters,
			Readings readings) {

	}

	/**
	 * A pool's stats as the meters of one scrape read them: one {@link Tpool#stats()}
	 * snapshot, which walks the pool's threads, serves every meter of a scrape, and the
	 * meters of a scrape agree with each other. A meter that already read the snapshot
	 * gets a new one, as does any meter once the snapshot is older than
	 * {@link #FRESH_NANOS}: a scrape never sees the values of the scrape before, nor a
	 * meter read alone an old value. Takes no lock: readers that race take a snapshot
	 * each.
	 */
	static final class Readings {

		static final int LIVE = 0;

		static final int ACTIVE = 1;

		static final int QUEUED = 2;

		static final int UTILIZATION = 3;

		static final int SATURATION = 4;

		static final int REJECTED = 5;

		static final int TIMEOUTS = 6;

		/** Longer than a scrape takes, much shorter than the time between two. */
		private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

		private final Tpool pool;

		private final AtomicReference<Reading> last;

		Readings(Tpool pool) {
			this.pool = pool;
			// Served to every meter already: the first read takes a snapshot.
			this.last = new AtomicReference<>(new Reading(pool.stats(), System.nanoTime(), -1L));
		}

		/**
		 * The stats for one meter.
		 * @param meter the meter that reads them, one of the constants
		 * @return the snapshot of this scrape
		 */
		TpoolStats stats(int meter) {
			long bit = 1L << meter;
			for (;;) {
				Reading last = this.last.get();
				long now = System.nanoTime();
				if ((last.served() & bit) != 0 || now - last.takenAt() >= FRESH_NANOS) {
					Reading fresh = new Reading(this.pool.stats(), now, bit);
					this.last.set(fresh);
					return fresh.stats();
				}
				if (this.last.compareAndSet(last, new Reading(last.stats(), last.takenAt(), last.served() | bit))) {
					return last.stats();
				}
			}
		}

		/**
		 * One snapshot.
		 *
		 * @param stats the snapshot
		 * @param takenAt when, in {@link System#nanoTime()}
		 * @param served the meters that read it, one bit each
		 */
		private record Reading(TpoolStats stats, long takenAt, long served) {

		}

	}

}
