package io.tpool.demo.compare;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Formats the runs of a {@link Comparison} as a Markdown table, a row for each mode in
 * the order they ran, and under it a line on what compensation did in each compensated
 * run.
 */
public final class ComparisonTable {

	private ComparisonTable() {
	}

	/**
	 * Formats the runs of native calls, with a heading that says what was measured on
	 * which carriers.
	 * @param runs the runs
	 * @param millis how long each call slept
	 * @param carriers the virtual thread scheduler's parallelism
	 * @param poolSize the pool's threads
	 * @return the text, lines ending in a newline
	 */
	public static String format(List<Comparison.Run> runs, int millis, int carriers, int poolSize) {
		int calls = runs.isEmpty() ? 0 : runs.get(0).calls();
		return format(String.format(Locale.ROOT,
				"%d concurrent %d ms native calls (libc usleep) from virtual threads, %d carriers, tpool size %d",
				calls, millis, carriers, poolSize), "calls/s", runs);
	}

	/**
	 * Formats runs under a heading.
	 * @param heading what was measured, on which carriers
	 * @param rate the heading of the rate's column, such as {@code calls/s}
	 * @param runs the runs
	 * @return the text, lines ending in a newline
	 * @since 0.2.0
	 */
	public static String format(String heading, String rate, List<Comparison.Run> runs) {
		int modeWidth = 9;
		for (Comparison.Run run : runs) {
			modeWidth = Math.max(modeWidth, run.mode().length());
		}
		int width = Math.max(rate.length(), 8);
		StringBuilder text = new StringBuilder();
		text.append(heading).append(String.format(Locale.ROOT, "%n%n"));
		text.append(String.format(Locale.ROOT, "| %-" + modeWidth + "s | %" + width + "s | %9s | %23s | %23s |%n",
				"mode", rate, "elapsed", "fresh vthread start p50", "fresh vthread start p99"));
		text.append(String.format(Locale.ROOT, "|%s|%s:|%s:|%s:|%s:|%n", "-".repeat(modeWidth + 2),
				"-".repeat(width + 1), "-".repeat(10), "-".repeat(24), "-".repeat(24)));
		for (Comparison.Run run : runs) {
			String notRun = run.notRun();
			if (notRun != null) {
				text.append(String.format(Locale.ROOT, "| %-" + modeWidth + "s | %s |%n", run.mode(), notRun));
				continue;
			}
			text.append(String.format(Locale.ROOT, "| %-" + modeWidth + "s | %" + width + ".0f | %9s | %23s | %23s |%n",
					run.mode(), run.callsPerSecond(), millis(run.elapsed(), 0), millis(run.startP50(), 1),
					millis(run.startP99(), 1)));
		}
		StringBuilder notes = new StringBuilder();
		for (Comparison.Run run : runs) {
			Comparison.Carriers carriers = run.carriers();
			if (run.ran() && carriers.compensating() > 0) {
				notes.append(String.format(Locale.ROOT, "%s: compensation was on at %d of %d readings of the carriers",
						run.mode(), carriers.compensating(), carriers.readings()));
				notes.append((carriers.added() > 0)
						? String.format(Locale.ROOT, " and added %d carriers, parallelism up to %d (from %d).%n",
								carriers.added(), carriers.most(), carriers.base())
						: String.format(Locale.ROOT,
								" and added none: no call held its carrier for compensation's delay "
										+ "(tpool.watchdog.compensation.after).%n"));
			}
		}
		if (!notes.isEmpty()) {
			text.append(String.format(Locale.ROOT, "%n")).append(notes);
		}
		return text.toString();
	}

	private static String millis(Duration duration, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f ms", duration.toNanos() / 1e6);
	}

}
