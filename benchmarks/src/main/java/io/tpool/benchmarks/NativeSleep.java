package io.tpool.benchmarks;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A blocking native call, libc's {@code usleep} through {@code java.lang.foreign}: the
 * stand-in for a C library doing its own blocking I/O. A virtual thread inside it keeps
 * its carrier.
 *
 * @author tpool
 */
final class NativeSleep {

	private static final MethodHandle USLEEP = Linker.nativeLinker()
		.downcallHandle(Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(),
				FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

	private NativeSleep() {
	}

	static void sleep(int millis) {
		try {
			int result = (int) USLEEP.invokeExact(millis * 1000);
			if (result != 0) {
				throw new IllegalStateException("usleep returned " + result);
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
