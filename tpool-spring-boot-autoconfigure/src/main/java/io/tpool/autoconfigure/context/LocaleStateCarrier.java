package io.tpool.autoconfigure.context;

import io.tpool.ContextCarrier;
import org.jspecify.annotations.Nullable;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;

/**
 * Carries {@link LocaleContextHolder}'s locale context. A caller that waits lends its
 * context as it is; a caller that does not wait lends the locale and time zone resolved
 * at the hand-off, because a web request's context resolves them from the request, which
 * may be over by the time the task runs.
 */
final class LocaleStateCarrier extends ThreadStateCarrier {

	@Override
	ContextCarrier.@Nullable Context capture(boolean callerWaits) {
		LocaleContext localeContext = LocaleContextHolder.getLocaleContext();
		if (localeContext == null) {
			return null;
		}
		return new LocaleContextContext(callerWaits ? localeContext : resolved(localeContext));
	}

	private static LocaleContext resolved(LocaleContext localeContext) {
		if (localeContext instanceof TimeZoneAwareLocaleContext timeZoneAware) {
			return new SimpleTimeZoneAwareLocaleContext(timeZoneAware.getLocale(), timeZoneAware.getTimeZone());
		}
		return new SimpleLocaleContext(localeContext.getLocale());
	}

	@Override
	void clear() {
		// Look before removing: a thread-local read after a removal re-creates its
		// entry, which would cost every task on the pool thread.
		if (LocaleContextHolder.getLocaleContext() != null) {
			LocaleContextHolder.resetLocaleContext();
		}
	}

	private record LocaleContextContext(LocaleContext localeContext) implements ContextCarrier.Context {

		@Override
		public void attach() {
			LocaleContextHolder.setLocaleContext(this.localeContext);
		}

		@Override
		public void detach() {
			LocaleContextHolder.resetLocaleContext();
		}

	}

}
