package io.tpool.testsupport;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libc's {@code usleep} through {@code java.lang.foreign}: the stand-in for a C library
 * that does its own blocking I/O. A virtual thread inside it never parks, so it keeps its
 * carrier for the whole call.
 *
 * @since 0.1.0
 */
public final class NativeSleep {

	private static final MethodHandle USLEEP = Linker.nativeLinker()
		.downcallHandle(Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(),
				FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

	private NativeSleep() {
	}

	/**
	 * Blocks the current thread in native code.
	 * @param millis how long, at least 0
	 */
	public static void sleep(int millis) {
		try {
			int result = (int) USLEEP.invokeExact(Math.multiplyExact(millis, 1000));
			if (result != 0) {
				throw new IllegalStateException("usleep(" + millis * 1000 + ") returned " + result);
			}
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

}
