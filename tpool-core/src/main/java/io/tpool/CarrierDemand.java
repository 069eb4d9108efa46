package io.tpool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;

import org.jspecify.annotations.Nullable;

/**
 * Whether the carriers of virtual threads are all wanted: at least
 * {@value #WAITING_PER_CARRIER} virtual threads wait for a carrier for each carrier there
 * is. Then a pool thread that spins takes a core from the carriers that make the calls,
 * and a wake-up costs less than the spin. Read from the scheduler's
 * {@code jdk.management.VirtualThreadSchedulerMXBean} (JDK 24 and later, about 80 ns a
 * reading); where the JDK has none, the carriers never count as all wanted.
 *
 * @since 0.2.0
 */
final class CarrierDemand {

	/**
	 * Virtual threads waiting per carrier from which every carrier counts as wanted. One
	 * per carrier is too few: four callers on two carriers often leave two waiting for a
	 * moment, and would lose the spinning worker that makes their calls fast.
	 */
	static final int WAITING_PER_CARRIER = 4;

	private static final @Nullable Object SCHEDULER;

	private static final @Nullable MethodHandle QUEUED;

	private static final @Nullable MethodHandle PARALLELISM;

	static {
		Object scheduler = null;
		MethodHandle queued = null;
		MethodHandle parallelism = null;
		try {
			Class<? extends PlatformManagedObject> type = Class.forName("jdk.management.VirtualThreadSchedulerMXBean")
				.asSubclass(PlatformManagedObject.class);
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			MethodType asObject = MethodType.methodType(long.class, Object.class);
			queued = lookup.findVirtual(type, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
				.asType(asObject);
			parallelism = lookup.findVirtual(type, "getParallelism", MethodType.methodType(int.class))
				.asType(MethodType.methodType(int.class, Object.class));
			scheduler = ManagementFactory.getPlatformMXBean(type);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			// An older JDK, or a runtime without jdk.management: spin as before.
			scheduler = null;
		}
		SCHEDULER = scheduler;
		QUEUED = (scheduler != null) ? queued : null;
		PARALLELISM = (scheduler != null) ? parallelism : null;
	}

	private CarrierDemand() {
	}

	/**
	 * Whether at least {@value #WAITING_PER_CARRIER} virtual threads wait for a carrier
	 * for each carrier there is.
	 * @return {@code true} if every carrier is wanted, {@code false} if one may be idle
	 * soon or the JDK does not tell
	 */
	static boolean allCarriersWanted() {
		MethodHandle queued = QUEUED;
		MethodHandle parallelism = PARALLELISM;
		if (queued == null || parallelism == null) {
			return false;
		}
		try {
			return (long) queued.invokeExact(SCHEDULER) >= WAITING_PER_CARRIER
					* (int) parallelism.invokeExact(SCHEDULER);
		}
		catch (Throwable ex) {
			return false;
		}
	}

}
