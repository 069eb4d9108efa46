package io.tpool.autoconfigure.watchdog;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The watchdog's {@link Logger}, writing through Spring's logging, so that its WARN lines
 * go where the application's log goes, whatever bridges it has.
 */
final class JclLogger implements Logger {

	private final Log log;

	JclLogger(Class<?> type) {
		this.log = LogFactory.getLog(type);
	}

	@Override
	public String getName() {
		return "tpool-watchdog";
	}

	@Override
	public boolean isLoggable(Level level) {
		return switch (level) {
			case ALL, TRACE -> this.log.isTraceEnabled();
			case DEBUG -> this.log.isDebugEnabled();
			case INFO -> this.log.isInfoEnabled();
			case WARNING -> this.log.isWarnEnabled();
			case ERROR -> this.log.isErrorEnabled();
			case OFF -> false;
		};
	}

	@Override
	public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String message,
			@Nullable Throwable thrown) {
		String text = String.valueOf(message);
		switch (level) {
			case ALL, TRACE -> this.log.trace(text, thrown);
			case DEBUG -> this.log.debug(text, thrown);
			case INFO -> this.log.info(text, thrown);
			case WARNING -> this.log.warn(text, thrown);
			case ERROR -> this.log.error(text, thrown);
			case OFF -> {
			}
		}
	}

	@Override
	public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format, @Nullable Object... params) {
		log(level, bundle, (params == null || params.length == 0) ? format : MessageFormat.format(format, params),
				(Throwable) null);
	}

}
