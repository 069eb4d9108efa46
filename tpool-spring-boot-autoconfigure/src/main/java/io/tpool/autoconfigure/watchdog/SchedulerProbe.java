package io.tpool.autoconfigure.watchdog;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;

import org.jspecify.annotations.Nullable;

/**
 * Reads the virtual thread scheduler's state from JDK 24's
 * {@code jdk.management.VirtualThreadSchedulerMXBean}, reached by name because the
 * library's bytecode targets Java 21.
 *
 * @since 0.1.0
 */
final class SchedulerProbe {

	static final String MXBEAN_CLASS_NAME = "jdk.management.VirtualThreadSchedulerMXBean";

	private final MethodHandle parallelism;

	private final MethodHandle mounted;

	private final MethodHandle queued;

	private SchedulerProbe(MethodHandle parallelism, MethodHandle mounted, MethodHandle queued) {
		this.parallelism = parallelism;
		this.mounted = mounted;
		this.queued = queued;
	}

	/**
	 * The probe, where the running JDK has the scheduler MXBean.
	 * @return the probe, or {@code null} before JDK 24 or without the
	 * {@code jdk.management} module
	 */
	static @Nullable SchedulerProbe find() {
		try {
			Class<? extends PlatformManagedObject> type = Class.forName(MXBEAN_CLASS_NAME)
				.asSubclass(PlatformManagedObject.class);
			PlatformManagedObject bean = ManagementFactory.getPlatformMXBean(type);
			if (bean == null) {
				return null;
			}
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			return new SchedulerProbe(getter(lookup, type, bean, "getParallelism", int.class),
					getter(lookup, type, bean, "getMountedVirtualThreadCount", int.class),
					getter(lookup, type, bean, "getQueuedVirtualThreadCount", long.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
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
	 * Reads the scheduler's state now.
	 * @return the sample
	 */
	Sample sample() {
		try {
			return new Sample((long) this.parallelism.invokeExact(), (long) this.mounted.invokeExact(),
					(long) this.queued.invokeExact());
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
	record Sample(long parallelism, long mounted, long queued) {

		/**
		 * Whether every carrier is taken while virtual threads wait.
		 * @return whether the scheduler is starved
		 */
		boolean starved() {
			return this.queued > 0 && this.mounted >= this.parallelism;
		}

	}

}
