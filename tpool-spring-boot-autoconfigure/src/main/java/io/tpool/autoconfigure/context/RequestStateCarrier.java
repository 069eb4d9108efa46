package io.tpool.autoconfigure.context;

import io.tpool.ContextCarrier;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Carries {@link RequestContextHolder}'s request attributes, so that request- and
 * session-scoped beans work inside an offloaded call. Only for callers that wait: the
 * request may be over, and its attributes unusable, before a task that its caller did not
 * wait for runs.
 */
final class RequestStateCarrier extends ThreadStateCarrier {

	@Override
	ContextCarrier.@Nullable Context capture(boolean callerWaits) {
		if (!callerWaits) {
			return null;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes != null) ? new RequestContext(attributes) : null;
	}

	@Override
	void clear() {
		// Look before removing: a thread-local read after a removal re-creates its
		// entry, which would cost every task on the pool thread.
		if (RequestContextHolder.getRequestAttributes() != null) {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	private record RequestContext(RequestAttributes attributes) implements ContextCarrier.Context {

		@Override
		public void attach() {
			RequestContextHolder.setRequestAttributes(this.attributes);
		}

		@Override
		public void detach() {
			RequestContextHolder.resetRequestAttributes();
		}

	}

}
