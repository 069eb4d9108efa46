package io.tpool.autoconfigure.context;

import java.util.Map;

import io.tpool.ContextCarrier;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Carries SLF4J's whole MDC, with no registration of its keys: a copy is put on the pool
 * thread for the task and cleared after it. Entries that the task puts stay on the pool
 * thread's side and are cleared with the rest.
 * <p>
 * Runs inside the task decorator, so MDC entries that context-propagation's accessors or
 * a tracer's scope put there first are kept, unless the caller's MDC has the same key
 * (with the caller's value, which is then the same).
 */
final class MdcStateCarrier extends ThreadStateCarrier {

	@Override
	ContextCarrier.@Nullable Context capture(boolean callerWaits) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		if (mdc == null || mdc.isEmpty()) {
			return null;
		}
		return new MdcContext(mdc);
	}

	@Override
	void clear() {
		MDC.clear();
	}

	private record MdcContext(Map<String, String> mdc) implements ContextCarrier.Context {

		@Override
		public void attach() {
			this.mdc.forEach(MDC::put);
		}

		@Override
		public void detach() {
			MDC.clear();
		}

	}

}
