package io.tpool.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.tpool.InvalidSettingException;
import io.tpool.Tpool;
import io.tpool.TpoolStats;
import io.tpool.TpoolRegistry;
import io.tpool.autoconfigure.offload.OffloadedBean;
import io.tpool.scheduler.VirtualThreadScheduler;
import io.tpool.watchdog.CarrierState;
import io.tpool.watchdog.CarrierWatchdog;
import io.tpool.watchdog.StarvationFinding;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code tpool} actuator endpoint: the state of every pool, the beans and methods
 * that run on them, and what the carrier watchdog found; its write operation resizes a
 * pool live.
 */
@Endpoint(id = "tpool")
public class TpoolEndpoint {

	private final TpoolRegistry pools;

	private final Supplier<List<OffloadedBean>> offloaded;

	private final @Nullable CarrierWatchdog watchdog;

	/**
	 * Create an endpoint.
	 * @param pools the pools
	 * @param offloaded the beans whose methods run on a pool
	 * @param watchdog the carrier watchdog, {@code null} when it is disabled
	 * @since 0.2.0
	 */
	public TpoolEndpoint(TpoolRegistry pools, Supplier<List<OffloadedBean>> offloaded,
			@Nullable CarrierWatchdog watchdog) {
		this.pools = pools;
		this.offloaded = offloaded;
		this.watchdog = watchdog;
	}

	@ReadOperation
	public TpoolDescriptor tpool() {
		return new TpoolDescriptor(this.pools.pools().stream().map(PoolDescriptor::of).toList(), this.offloaded.get(),
				watchdog(), carriers());
	}

	/**
	 * Resizes a pool live; on the web, {@link TpoolEndpointWebExtension} answers instead.
	 * @param name the pool's name
	 * @param size its new size
	 * @return the pool's state after the resize
	 * @throws InvalidEndpointRequestException if no pool has that name or the size is out
	 * of range
	 * @since 0.2.0
	 */
	@WriteOperation
	public PoolDescriptor resize(@Selector String name, int size) {
		Tpool pool = find(name);
		if (pool == null) {
			String reason = unknownPool(name);
			throw new InvalidEndpointRequestException(reason, reason);
		}
		try {
			pool.resize(size);
		}
		catch (InvalidSettingException ex) {
			String reason = invalidSize(ex);
			throw new InvalidEndpointRequestException(reason, reason);
		}
		return PoolDescriptor.of(pool);
	}

	@Nullable Tpool find(String name) {
		return this.pools.find(name).orElse(null);
	}

	String unknownPool(String name) {
		return "No pool is named '" + name + "'; the pools are " + String.join(", ", this.pools.names());
	}

	static String invalidSize(InvalidSettingException ex) {
		return "The size " + ex.getRequirement() + ", but was " + ex.getValue();
	}

	private CarriersDescriptor carriers() {
		CarrierWatchdog watchdog = this.watchdog;
		VirtualThreadScheduler scheduler = VirtualThreadScheduler.get();
		if (watchdog == null) {
			int parallelism = (scheduler != null) ? scheduler.parallelism() : -1;
			return new CarriersDescriptor(parallelism, parallelism, 0, 0, false);
		}
		CarrierState carriers = watchdog.carriers();
		return new CarriersDescriptor(carriers.parallelism(), carriers.baseParallelism(), carriers.extra(),
				carriers.maxExtra(), carriers.compensation());
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
	 * @param pools the state of every pool, the default pool first
	 * @param offloaded the beans whose methods run on a pool
	 * @param watchdog the carrier watchdog and its findings
	 * @param carriers the carriers of virtual threads and what compensation added
	 */
	public record TpoolDescriptor(List<PoolDescriptor> pools, List<OffloadedBean> offloaded,
			WatchdogDescriptor watchdog, CarriersDescriptor carriers) implements OperationResponseBody {

	}

	/**
	 * The carriers of virtual threads, and what compensation added.
	 *
	 * @param parallelism the carriers the scheduler aims to run now; -1 before JDK 24
	 * @param baseParallelism the parallelism the application started with
	 * @param extra the carriers compensation adds now
	 * @param maxExtra the most it may add; 0 where it is off
	 * @param compensation whether compensation is on
	 * @since 0.3.0
	 */
	public record CarriersDescriptor(int parallelism, int baseParallelism, int extra, int maxExtra,
			boolean compensation) {

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
	 * A pool's settings and a snapshot of its state.
	 *
	 * @param name its name
	 * @param size the most threads it runs at once
	 * @param threads its threads alive now
	 * @param active the tasks running now
	 * @param queued the tasks waiting for a thread
	 * @param queueCapacity its queue capacity, {@code null} when unbounded
	 * @param keepAlive how long an idle thread lives
	 * @param timeout every call's deadline, {@code null} for none
	 * @param maxQueueWait how long a task may wait for a thread, {@code null} for no
	 * limit
	 * @param utilization active per thread, 0 to 1
	 * @param saturation active and queued per thread
	 * @param completed tasks that ran to an end
	 * @param failed those of them that threw
	 * @param rejected hand-offs refused, and tasks shed because they could not start in
	 * time
	 * @param timedOut calls whose deadline passed
	 * @param closed whether it is closed
	 */
	public record PoolDescriptor(String name, int size, int threads, int active, int queued,
			@Nullable Integer queueCapacity, Duration keepAlive, @Nullable Duration timeout,
			@Nullable Duration maxQueueWait, double utilization, double saturation, long completed, long failed,
			long rejected, long timedOut, boolean closed) implements OperationResponseBody {

		static PoolDescriptor of(Tpool pool) {
			TpoolStats stats = pool.stats();
			return new PoolDescriptor(pool.name(), stats.size(), stats.threads(), stats.active(), stats.queued(),
					pool.queueCapacity(), pool.keepAlive(), pool.timeout(), pool.maxQueueWait(), stats.utilization(),
					stats.saturation(), stats.completed(), stats.failed(), stats.rejected(), stats.timedOut(),
					pool.isClosed());
		}

	}

}
