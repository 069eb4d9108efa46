package io.tpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.tpool.Tpool;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * Where the CPU goes when many virtual callers make back-to-back calls: for 16 and 64
 * callers (or the counts given), each peer's calls per microsecond, the CPU that the
 * carriers and the pool's threads spend per call ({@link ProcessCpu}, to the nanosecond
 * on Linux) and how many virtual threads wait for a carrier on average (the scheduler's
 * MXBean, read every millisecond). What {@link SubmitterScaling} measures as one number,
 * taken apart: when both cores are busy, a call is as cheap as the CPU it costs, and
 * every cycle that the pool's threads spend is taken from the carriers that make the
 * calls. Run with {@code -Djdk.virtualThreadScheduler.parallelism=2}; the arguments are
 * the window in seconds (default 3), the rounds (default 3, the median counts; each round
 * measures every peer once, the peers alternated) and the numbers of callers.
 *
 * @since 0.2.0
 */
public final class CarrierShare {

	private static final String CARRIERS = "carriers";

	private static final String POOL_THREADS = "pool threads";

	private CarrierShare() {
	}

	public static void main(String[] args) throws Exception {
		Duration window = Duration.ofSeconds((args.length > 0) ? Integer.parseInt(args[0]) : 3);
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		List<Integer> counts = new ArrayList<>();
		for (int i = 2; i < args.length; i++) {
			counts.add(Integer.parseInt(args[i]));
		}
		if (counts.isEmpty()) {
			counts = List.of(16, 64);
		}
		if (window.isNegative() || window.isZero() || rounds < 1) {
			throw new IllegalArgumentException(
					"The window (" + window.toSeconds() + " s) and the rounds (" + rounds + ") must be at least 1");
		}
		System.out.printf("carriers: %s, cores: %d, JDK %s, window %s, median of %d%n%n",
				System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
				Runtime.getRuntime().availableProcessors(), Runtime.version(), window, rounds);
		System.out.println("| callers | peer | calls/us | carriers: cores | pool threads: cores "
				+ "| carriers: us of CPU per call | pool threads: us of CPU per call "
				+ "| virtual threads waiting for a carrier |");
		System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
		Peer[] peers = Peer.values();
		for (int callers : counts) {
			// The peers alternate: each round measures every peer once, starting with the
			// next one each round, so that a machine that gets slower or faster meanwhile
			// weighs on every peer alike.
			Map<Peer, List<Reading>> readingsByPeer = new EnumMap<>(Peer.class);
			for (Peer peer : peers) {
				readingsByPeer.put(peer, new ArrayList<>());
			}
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < peers.length; i++) {
					Peer peer = peers[(round + i) % peers.length];
					readingsByPeer.get(peer).add(peer.measure(callers, window));
				}
			}
			for (Peer peer : peers) {
				List<Reading> readings = readingsByPeer.get(peer);
				readings.sort(Comparator.comparingDouble(Reading::callsPerMicrosecond));
				Reading median = readings.get(readings.size() / 2);
				System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %.2f | %.2f | %.2f | %.2f | %.1f |%n", callers,
						peer.label, median.callsPerMicrosecond(), median.carrierCores(), median.poolCores(),
						median.carrierCores() / median.callsPerMicrosecond(),
						median.poolCores() / median.callsPerMicrosecond(), median.queued());
			}
		}
	}

	/**
	 * One measurement.
	 *
	 * @param callsPerMicrosecond the calls made per microsecond
	 * @param carrierCores the carriers' CPU-seconds per wall-clock second
	 * @param poolCores the pool threads' CPU-seconds per wall-clock second
	 * @param queued the mean number of virtual threads waiting for a carrier
	 */
	record Reading(double callsPerMicrosecond, double carrierCores, double poolCores, double queued) {

	}

	private enum Peer {

		TPOOL("tpool", "share-") {
			@Override
			PeerCall open() {
				Tpool pool = Tpool.builder().name("share").size(Peers.THREADS).build();
				return new PeerCall(() -> pool.execute(() -> 1), pool::close);
			}
		},

		THREAD_POOL_EXECUTOR("ThreadPoolExecutor(20)", "tpe-") {
			@Override
			PeerCall open() {
				AtomicInteger numbers = new AtomicInteger();
				ThreadPoolExecutor pool = new ThreadPoolExecutor(Peers.THREADS, Peers.THREADS, 0, TimeUnit.MILLISECONDS,
						new LinkedBlockingQueue<>(),
						(task) -> new Thread(task, this.threadNamePrefix + numbers.incrementAndGet()));
				pool.prestartAllCoreThreads();
				return new PeerCall(() -> pool.submit(() -> 1).get(), PeerCall.shutdownOf(pool));
			}
		},

		FORK_JOIN_POOL("ForkJoinPool(20)", "fjp-") {
			@Override
			PeerCall open() {
				ForkJoinPool pool = new ForkJoinPool(Peers.THREADS, (forkJoinPool) -> {
					ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory
						.newThread(forkJoinPool);
					thread.setName(this.threadNamePrefix + thread.getPoolIndex());
					return thread;
				}, null, false);
				return new PeerCall(() -> pool.submit(() -> 1).get(), PeerCall.shutdownOf(pool));
			}
		};

		final String label;

		final String threadNamePrefix;

		Peer(String label, String threadNamePrefix) {
			this.label = label;
			this.threadNamePrefix = threadNamePrefix;
		}

		abstract PeerCall open();

		Reading measure(int callers, Duration window) throws Exception {
			PeerCall call = open();
			AtomicBoolean running = new AtomicBoolean(true);
			LongAdder calls = new LongAdder();
			List<Thread> threads = new ArrayList<>();
			try {
				for (int i = 0; i < callers; i++) {
					threads.add(Thread.ofVirtual().start(() -> {
						while (running.get()) {
							call.callOnce();
							calls.increment();
						}
					}));
				}
				// Let the callers and the pool settle, and the path compile.
				Thread.sleep(1_000);
				Waiting waiting = Waiting.start();
				ProcessCpu cpu = ProcessCpu.start();
				long callsBefore = calls.sum();
				long start = System.nanoTime();
				Thread.sleep(window.toMillis());
				long elapsed = System.nanoTime() - start;
				long made = calls.sum() - callsBefore;
				Map<String, Long> byGroup = cpu.elapsedNanosByGroup(this::groupOf);
				double queued = waiting.stop();
				return new Reading(made * 1e3 / elapsed, byGroup.getOrDefault(CARRIERS, 0L) / (double) elapsed,
						byGroup.getOrDefault(POOL_THREADS, 0L) / (double) elapsed, queued);
			}
			finally {
				running.set(false);
				for (Thread thread : threads) {
					thread.join();
				}
				call.close().run();
			}
		}

		private String groupOf(String threadName) {
			if (threadName.startsWith("ForkJoinPool-")) {
				// Only the virtual threads' scheduler keeps the default name here.
				return CARRIERS;
			}
			return threadName.startsWith(this.threadNamePrefix) ? POOL_THREADS : "other";
		}

	}

	/**
	 * Samples, every millisecond on a platform thread, how many virtual threads wait for
	 * a carrier.
	 */
	private static final class Waiting {

		private final AtomicBoolean sampling = new AtomicBoolean(true);

		private final Thread sampler;

		private long sum;

		private long samples;

		private Waiting() {
			VirtualThreadSchedulerMXBean scheduler = ManagementFactory
				.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
			this.sampler = Thread.ofPlatform().daemon().name("waiting sampler").start(() -> {
				while (this.sampling.get()) {
					this.sum += scheduler.getQueuedVirtualThreadCount();
					this.samples++;
					LockSupport.parkNanos(1_000_000);
				}
			});
		}

		static Waiting start() {
			return new Waiting();
		}

		/**
		 * @return the mean of the samples
		 */
		double stop() throws InterruptedException {
			this.sampling.set(false);
			this.sampler.join();
			return (this.samples > 0) ? (double) this.sum / this.samples : 0;
		}

	}

}
