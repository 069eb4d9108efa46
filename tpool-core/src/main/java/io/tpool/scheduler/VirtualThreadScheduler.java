package io.tpool.scheduler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;

import org.jspecify.annotations.Nullable;

/**
 * The virtual thread scheduler of this JVM, through JDK 24's
 * {@code jdk.management.VirtualThreadSchedulerMXBean}, reached by name because tpool's
 * bytecode targets Java 21: how many carriers it aims to run, how many virtual threads
 * are mounted and how many wait for a carrier, and the parallelism to set. The one reader
 * of the MXBean that tpool's modules share: the pool asks whether every carrier is
 * wanted, the carrier watchdog samples the scheduler and raises its parallelism to
 * compensate for held carriers. A reading costs about 80 ns.
 *
 * @since 0.3.0
 */
public final class VirtualThreadScheduler {

	/** The MXBean's interface. */
	public static final String MXBEAN_CLASS_NAME = "jdk.management.VirtualThreadSchedulerMXBean";

	/**
	 * How many fresh platform threads a raise submits an empty virtual thread from, to
	 * find an empty queue.
	 */
	private static final int FRESH_SUBMITTERS = 8;

	/**
	 * How many empty virtual threads a raise submits at most from one thread to fill its
	 * queue: the queues' arrays start at 512 and double.
	 */
	private static final int FILL_LIMIT = 8192;

	private static final @Nullable VirtualThreadScheduler INSTANCE = find();

	private final MethodHandle parallelism;

	private final MethodHandle setParallelism;

	private final MethodHandle mounted;

	private final MethodHandle queued;

	private final MethodHandle poolSize;

	private VirtualThreadScheduler(MethodHandle parallelism, MethodHandle setParallelism, MethodHandle mounted,
			MethodHandle queued, MethodHandle poolSize) {
		this.parallelism = parallelism;
		this.setParallelism = setParallelism;
		this.mounted = mounted;
		this.queued = queued;
		this.poolSize = poolSize;
	}

	/**
	 * The scheduler of this JVM, where it can be read.
	 * @return the scheduler, or {@code null} before JDK 24 or without the
	 * {@code jdk.management} module
	 */
	public static @Nullable VirtualThreadScheduler get() {
		return INSTANCE;
	}

	private static @Nullable VirtualThreadScheduler find() {
		try {
			Class<? extends PlatformManagedObject> type = Class.forName(MXBEAN_CLASS_NAME)
				.asSubclass(PlatformManagedObject.class);
			PlatformManagedObject bean = ManagementFactory.getPlatformMXBean(type);
			if (bean == null) {
				return null;
			}
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			MethodHandle setParallelism = lookup
				.findVirtual(type, "setParallelism", MethodType.methodType(void.class, int.class))
				.bindTo(bean);
			return new VirtualThreadScheduler(getter(lookup, type, bean, "getParallelism", int.class), setParallelism,
					getter(lookup, type, bean, "getMountedVirtualThreadCount", int.class),
					getter(lookup, type, bean, "getQueuedVirtualThreadCount", long.class),
					getter(lookup, type, bean, "getPoolSize", int.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			// An older JDK, or a runtime without jdk.management.
			return null;
		}
	}

	private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> type, Object bean, String name,
			Class<?> returnType) throws ReflectiveOperationException {
		return lookup.findVirtual(type, name, MethodType.methodType(returnType))
			.bindTo(bean)
			.asType(MethodType.methodType(long.class));
	}

	/**
	 * The scheduler's state now.
	 * @return the sample
	 */
	public Sample sample() {
		return new Sample(read(this.parallelism), read(this.mounted), read(this.queued));
	}

	/**
	 * How many carriers the scheduler aims to run.
	 * @return the parallelism
	 */
	public int parallelism() {
		return (int) read(this.parallelism);
	}

	/**
	 * How many carrier threads the scheduler has now, idle ones included.
	 * @return the pool size
	 */
	public int poolSize() {
		return (int) read(this.poolSize);
	}

	/**
	 * Sets the parallelism, and where it grew, makes sure that the carriers it allows
	 * start while virtual threads wait for them. The scheduler (a {@code ForkJoinPool})
	 * starts a carrier on demand only when a virtual thread is submitted to a queue that
	 * was empty, or that filled its array; the JDK's own {@code setParallelism} submits
	 * one from the calling thread, whose queue may already hold waiting virtual threads,
	 * and while every carrier is held no carrier empties a queue: none starts until a
	 * held carrier frees up (seconds, measured). So a raise submits empty virtual threads
	 * from fresh platform threads, each of which may find an empty queue, and failing
	 * that, from one thread until its queue fills, until as many carriers run virtual
	 * threads as the parallelism allows.
	 * @param parallelism the carriers to aim for, at least 1
	 * @throws IllegalArgumentException if the scheduler refuses it
	 */
	public void setParallelism(int parallelism) {
		int before = (int) read(this.parallelism);
		try {
			this.setParallelism.invokeExact(parallelism);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		if (parallelism > before) {
			startCarriers(parallelism);
		}
	}

	private void startCarriers(int parallelism) {
		for (int attempt = 0; attempt < FRESH_SUBMITTERS && isShort(parallelism); attempt++) {
			submitFromFreshThread(1);
		}
		if (isShort(parallelism)) {
			submitFromFreshThread(FILL_LIMIT);
		}
	}

	/**
	 * Whether fewer carriers run virtual threads than the pool may run while virtual
	 * threads wait: the carriers it may start have not started, or idle ones have not
	 * been woken.
	 */
	private boolean isShort(int parallelism) {
		return read(this.mounted) < parallelism && read(this.queued) > 0;
	}

	private void submitFromFreshThread(int most) {
		int parallelism = parallelism();
		Thread submitter = Thread.ofPlatform()
			.daemon()
			.name("tpool carrier start")
			.inheritInheritableThreadLocals(false)
			.start(() -> {
				for (int i = 0; i < most && (i == 0 || isShort(parallelism)); i++) {
					Thread.startVirtualThread(VirtualThreadScheduler::startCarrier);
				}
			});
		try {
			submitter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void startCarrier() {
		// Nothing to do: submitting it is what starts a carrier.
	}

	/**
	 * Whether at least {@code waitingPerCarrier} virtual threads wait for a carrier for
	 * each carrier there is.
	 * @param waitingPerCarrier the virtual threads waiting per carrier from which every
	 * carrier counts as wanted
	 * @return whether every carrier is wanted
	 */
	public boolean allCarriersWanted(int waitingPerCarrier) {
		return read(this.queued) >= (long) waitingPerCarrier * read(this.parallelism);
	}

	private static long read(MethodHandle getter) {
		try {
			return (long) getter.invokeExact();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The scheduler's state at one moment.
	 *
	 * @param parallelism the carriers the scheduler aims to run
	 * @param mounted the virtual threads mounted on a carrier
	 * @param queued the virtual threads waiting for a carrier
	 */
	public record Sample(long parallelism, long mounted, long queued) {

		/**
		 * Whether every carrier is taken while virtual threads wait.
		 * @return whether the scheduler is starved
		 */
		public boolean starved() {
			return this.queued > 0 && this.mounted >= this.parallelism;
		}

	}

}
