package io.tpool.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.tpool.Tpool;
import io.tpool.TpoolStats;
import io.tpool.autoconfigure.offload.OffloadedBean;
import io.tpool.autoconfigure.watchdog.CarrierWatchdog;
import io.tpool.autoconfigure.watchdog.StarvationFinding;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code tpool} actuator endpoint: the pool's state, the beans and methods that run
 * on it, and what the carrier watchdog found.
 *
 * @author tpool
 */
@Endpoint(id = "tpool")
public class TpoolEndpoint {

	private final Tpool pool;

	private final Supplier<List<OffloadedBean>> offloaded;

	private final @Nullable CarrierWatchdog watchdog;

	public TpoolEndpoint(Tpool pool, Supplier<List<OffloadedBean>> offloaded, @Nullable CarrierWatchdog watchdog) {
		this.pool = pool;
		this.offloaded = offloaded;
		this.watchdog = watchdog;
	}

	@ReadOperation
	public TpoolDescriptor tpool() {
		TpoolStats stats = this.pool.stats();
		return new TpoolDescriptor(new PoolDescriptor(this.pool.name(), this.pool.size(), this.pool.queueCapacity(),
				this.pool.isClosed(), stats.active(), stats.queued(), stats.utilization(), stats.saturation(),
				stats.completed(), stats.failed(), stats.rejected()), this.offloaded.get(), watchdog());
	}

	private WatchdogDescriptor watchdog() {
		CarrierWatchdog watchdog = this.watchdog;
		if (watchdog == null) {
			return new WatchdogDescriptor(false, null, null, List.of());
		}
		return new WatchdogDescriptor(watchdog.isRunning(), watchdog.source().name(), watchdog.threshold(),
				watchdog.findings());
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param pool the pool's state
	 * @param offloaded the beans whose methods run on the pool
	 * @param watchdog the carrier watchdog and its findings
	 */
	public record TpoolDescriptor(PoolDescriptor pool, List<OffloadedBean> offloaded,
			WatchdogDescriptor watchdog) implements OperationResponseBody {

	}

	/**
	 * The carrier watchdog and the sites where virtual threads held every carrier.
	 *
	 * @param running whether it watches
	 * @param source what it watches: the scheduler's MXBean or JFR's pinning events
	 * @param threshold how long carriers may stay starved before a report
	 * @param findings the sites, most episodes first
	 */
	public record WatchdogDescriptor(boolean running, @Nullable String source, @Nullable Duration threshold,
			List<StarvationFinding> findings) {

	}

	/**
	 * The pool's settings and a snapshot of its state.
	 *
	 * @param name its name
	 * @param size its threads
	 * @param queueCapacity its queue capacity, {@code null} when unbounded
	 * @param closed whether it is closed
	 * @param active the tasks running now
	 * @param queued the tasks waiting for a thread
	 * @param utilization active per thread, 0 to 1
	 * @param saturation active and queued per thread
	 * @param completed tasks that ran to an end
	 * @param failed those of them that threw
	 * @param rejected hand-offs refused
	 */
	public record PoolDescriptor(String name, int size, @Nullable Integer queueCapacity, boolean closed, int active,
			int queued, double utilization, double saturation, long completed, long failed, long rejected) {

	}

}
