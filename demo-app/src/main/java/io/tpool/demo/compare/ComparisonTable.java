package io.tpool.demo.compare;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Formats the runs of a {@link Comparison} as a Markdown table.
 *
 * @author tpool
 */
public final class ComparisonTable {

	private ComparisonTable() {
	}

	/**
	 * Formats the runs, with a heading that says what was measured on which carriers.
	 * @param runs the runs
	 * @param millis how long each call slept
	 * @param carriers the virtual thread scheduler's parallelism
	 * @param poolSize the pool's threads
	 * @return the text, lines ending in a newline
	 */
	public static String format(List<Comparison.Run> runs, int millis, int carriers, int poolSize) {
		StringBuilder text = new StringBuilder();
		int calls = runs.isEmpty() ? 0 : runs.get(0).calls();
		text.append(String.format(Locale.ROOT,
				"%d concurrent %d ms native calls (libc usleep) from virtual threads, %d carriers, tpool size %d%n%n",
				calls, millis, carriers, poolSize));
		text.append(String.format(Locale.ROOT, "| %-9s | %8s | %9s | %23s | %23s |%n", "mode", "calls/s", "elapsed",
				"fresh vthread start p50", "fresh vthread start p99"));
		text.append(String.format(Locale.ROOT, "|%s|%s:|%s:|%s:|%s:|%n", "-".repeat(11), "-".repeat(9), "-".repeat(10),
				"-".repeat(24), "-".repeat(24)));
		for (Comparison.Run run : runs) {
			text.append(String.format(Locale.ROOT, "| %-9s | %8.0f | %9s | %23s | %23s |%n", run.mode(),
					run.callsPerSecond(), millis(run.elapsed(), 0), millis(run.startP50(), 1),
					millis(run.startP99(), 1)));
		}
		return text.toString();
	}

	private static String millis(Duration duration, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f ms", duration.toNanos() / 1e6);
	}

}
