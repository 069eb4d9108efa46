package io.tpool.autoconfigure.context;

import java.util.List;

import io.tpool.ContextCarrier;
import org.jspecify.annotations.Nullable;

/**
 * The caller's thread-bound state, made of what each {@link ThreadStateCarrier} captures.
 * A caller with nothing to carry gets one shared context that allocates nothing and only
 * sweeps the pool thread after the task: a task may leave state behind (an MDC entry it
 * never removed) that the next task on that thread must not see.
 */
final class CallerContextCarrier implements ContextCarrier {

	private final ThreadStateCarrier[] carriers;

	private final Context sweep = new Sweep();

	CallerContextCarrier(List<ThreadStateCarrier> carriers) {
		this.carriers = carriers.toArray(ThreadStateCarrier[]::new);
	}

	@Override
	public Context capture(boolean callerWaits) {
		Context[] contexts = null;
		for (int i = 0; i < this.carriers.length; i++) {
			Context context = this.carriers[i].capture(callerWaits);
			if (context != null) {
				if (contexts == null) {
					contexts = new Context[this.carriers.length];
				}
				contexts[i] = context;
			}
		}
		return (contexts != null) ? new Captured(contexts) : this.sweep;
	}

	private void clear(int index) {
		this.carriers[index].clear();
	}

	private final class Sweep implements Context {

		@Override
		public void attach() {
		}

		@Override
		public void detach() {
			RuntimeException failure = null;
			for (int i = CallerContextCarrier.this.carriers.length - 1; i >= 0; i--) {
				try {
					clear(i);
				}
				catch (RuntimeException ex) {
					failure = first(failure, ex);
				}
			}
			if (failure != null) {
				throw failure;
			}
		}

	}

	/**
	 * The state of one call: for each carrier, its context, or {@code null} where the
	 * caller had nothing of that kind (the pool thread is then swept for it after the
	 * task).
	 */
	private final class Captured implements Context {

		private final @Nullable Context[] contexts;

		/**
		 * Whether every context attached: after a failed attach the caller stays as is.
		 */
		private boolean attached;

		Captured(@Nullable Context[] contexts) {
			this.contexts = contexts;
		}

		@Override
		public void attach() {
			for (Context context : this.contexts) {
				if (context != null) {
					context.attach();
				}
			}
			this.attached = true;
		}

		@Override
		public void detach() {
			RuntimeException failure = null;
			for (int i = this.contexts.length - 1; i >= 0; i--) {
				Context context = this.contexts[i];
				try {
					if (context != null) {
						context.detach();
					}
					else {
						clear(i);
					}
				}
				catch (RuntimeException ex) {
					failure = first(failure, ex);
				}
			}
			if (failure != null) {
				throw failure;
			}
		}

		@Override
		public void rejoin() {
			if (!this.attached) {
				return;
			}
			for (Context context : this.contexts) {
				if (context != null) {
					context.rejoin();
				}
			}
		}

	}

	private static RuntimeException first(@Nullable RuntimeException failure, RuntimeException ex) {
		if (failure == null) {
			return ex;
		}
		failure.addSuppressed(ex);
		return failure;
	}

}
