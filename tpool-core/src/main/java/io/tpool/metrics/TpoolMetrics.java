package io.tpool.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

/**
 * Binds the meters of {@link Tpool} pools, tagged with the pool's {@code name}. Gauges
 * and counters read the pool's own counters; the timers are real Micrometer
 * {@link Timer}s, so that a registry's distribution settings give them percentiles,
 * histogram buckets and a max, and they record each task through a {@link TpoolListener}
 * after its caller has its outcome. Plain Micrometer: usable without Spring. Closing it
 * removes its meters and its listeners.
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
		meters.add(Gauge.builder("tpool.threads", pool, Tpool::size)
			.tags(tags)
			.description("The most threads that the pool runs at once")
			.baseUnit(BaseUnits.THREADS)
			.register(registry));
		meters.add(Gauge.builder("tpool.threads.live", pool, (p) -> p.stats().threads())
			.tags(tags)
			.description("The threads of the pool alive now")
			.baseUnit(BaseUnits.THREADS)
			.register(registry));
		meters.add(Gauge.builder("tpool.threads.active", pool, (p) -> p.stats().active())
			.tags(tags)
			.description("The number of pool threads running a task now")
			.baseUnit(BaseUnits.THREADS)
			.register(registry));
		meters.add(Gauge.builder("tpool.queue.size", pool, (p) -> p.stats().queued())
			.tags(tags)
			.description("The number of tasks waiting for a pool thread")
			.baseUnit(BaseUnits.TASKS)
			.register(registry));
		meters.add(Gauge.builder("tpool.utilization", pool, (p) -> p.stats().utilization())
			.tags(tags)
			.description("The share of pool threads running a task, from 0 to 1")
			.register(registry));
		meters.add(Gauge.builder("tpool.saturation", pool, (p) -> p.stats().saturation())
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
		meters.add(FunctionCounter.builder("tpool.tasks.rejected", pool, (p) -> p.stats().rejected())
			.tags(tags)
			.description("Hand-offs that the pool refused, and tasks shed because they could not start in time")
			.baseUnit(BaseUnits.TASKS)
			.register(registry));
		meters.add(FunctionCounter.builder("tpool.tasks.timeouts", pool, (p) -> p.stats().timedOut())
			.tags(tags)
			.description("Calls whose deadline passed")
			.baseUnit(BaseUnits.TASKS)
			.register(registry));
		synchronized (this.registered) {
			this.registered.add(new Registered(registry, pool, listener, meters));
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

	private record Registered(MeterRegistry registry, Tpool pool, TpoolListener listener, List<Meter> meters) {

	}

}
