package io.tpool.watchdog;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Logger} that records what it is given, for tests: every level is loggable.
 */
final class RecordingLogger implements Logger {

	private final List<Line> lines = new CopyOnWriteArrayList<>();

	@Override
	public String getName() {
		return "recording";
	}

	@Override
	public boolean isLoggable(Level level) {
		return true;
	}

	@Override
	public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String message,
			@Nullable Throwable thrown) {
		this.lines.add(new Line(level, String.valueOf(message), thrown));
	}

	@Override
	public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format, @Nullable Object... params) {
		this.lines.add(new Line(level,
				(params == null || params.length == 0) ? String.valueOf(format) : MessageFormat.format(format, params),
				null));
	}

	@Override
	public void log(Level level, Supplier<String> message) {
		this.lines.add(new Line(level, message.get(), null));
	}

	/**
	 * The messages logged at a level.
	 * @param level the level
	 * @return the messages, in order
	 */
	List<String> messages(Level level) {
		return this.lines.stream().filter((line) -> line.level() == level).map(Line::message).toList();
	}

	/**
	 * The messages logged at WARNING.
	 * @return the messages, in order
	 */
	List<String> warnings() {
		return messages(Level.WARNING);
	}

	/**
	 * Every message, whatever its level, each on a line.
	 * @return the messages
	 */
	String all() {
		return String.join("\n", this.lines.stream().map(Line::message).toList());
	}

	record Line(Level level, String message, @Nullable Throwable thrown) {

	}

}
