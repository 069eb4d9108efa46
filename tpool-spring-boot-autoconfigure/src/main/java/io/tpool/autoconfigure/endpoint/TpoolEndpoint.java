package io.tpool.autoconfigure.endpoint;

import java.util.List;
import java.util.function.Supplier;

import io.tpool.Tpool;
import io.tpool.TpoolStats;
import io.tpool.autoconfigure.offload.OffloadedBean;
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

	public TpoolEndpoint(Tpool pool, Supplier<List<OffloadedBean>> offloaded) {
		this.pool = pool;
		this.offloaded = offloaded;
	}

	@ReadOperation
	public TpoolDescriptor tpool() {
		TpoolStats stats = this.pool.stats();
		return new TpoolDescriptor(new PoolDescriptor(this.pool.name(), this.pool.size(), this.pool.queueCapacity(),
				this.pool.isClosed(), stats.active(), stats.queued(), stats.utilization(), stats.saturation(),
				stats.completed(), stats.failed(), stats.rejected()), this.offloaded.get());
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param pool the pool's state
	 * @param offloaded the beans whose methods run on the pool
	 */
	public record TpoolDescriptor(PoolDescriptor pool, List<OffloadedBean> offloaded) implements OperationResponseBody {

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
