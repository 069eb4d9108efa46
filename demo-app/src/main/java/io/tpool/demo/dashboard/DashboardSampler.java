package io.tpool.demo.dashboard;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tpool.Tpool;
import jdk.management.VirtualThreadSchedulerMXBean;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Samples every pool's statistics and the virtual thread scheduler's carriers at a fixed
 * rate and keeps the last minute of samples. It samples on a platform thread of its own,
 * so that its record has no gap while virtual threads starve: the page that polls it
 * catches up afterwards.
 */
public class DashboardSampler implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofMillis(100);

	private static final int CAPACITY = 600;

	private final Supplier<List<Tpool>> pools;

	private final VirtualThreadSchedulerMXBean scheduler = ManagementFactory
		.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);

	private final StartProbe probe = new StartProbe();

	private final Deque<Sample> samples = new ArrayDeque<>(CAPACITY);

	private long seq;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Creates a sampler of the application's pools.
	 * @param pools every pool, the default pool first, asked for at each sample
	 * @since 0.2.0
	 */
	public DashboardSampler(Supplier<List<Tpool>> pools) {
		this.pools = pools;
	}

	/**
	 * The virtual thread scheduler's target parallelism: the number of carriers.
	 * @return the parallelism
	 */
	public int parallelism() {
		return this.scheduler.getParallelism();
	}

	/**
	 * The samples taken after a given one, oldest first.
	 * @param seq the number of the last sample already seen, 0 for all
	 * @return the newer samples, at most the last minute's
	 */
	public List<Sample> since(long seq) {
		synchronized (this.samples) {
			return this.samples.stream().filter((sample) -> sample.seq() > seq).toList();
		}
	}

	void sample() {
		List<PoolSample> pools = this.pools.get().stream().map(PoolSample::of).toList();
		double startMillis = this.probe.measureMillis();
		synchronized (this.samples) {
			if (this.samples.size() == CAPACITY) {
				this.samples.removeFirst();
			}
			this.samples.addLast(new Sample(++this.seq, System.currentTimeMillis(), pools,
					this.scheduler.getMountedVirtualThreadCount(), this.scheduler.getQueuedVirtualThreadCount(),
					startMillis));
		}
	}

	@Override
	public synchronized void start() {
		if (this.executor == null) {
			ScheduledExecutorService executor = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dashboard-sampler").daemon(true).factory());
			executor.scheduleAtFixedRate(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
