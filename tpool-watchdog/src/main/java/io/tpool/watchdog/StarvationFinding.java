package io.tpool.watchdog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A site where virtual threads kept their carriers past the threshold, or kept the
 * carriers blocked that long, while others waited, as the {@link CarrierWatchdog} found
 * it.
 *
 * @param site the application code that held the carriers, as {@code class.method}: the
 * innermost application frame of the virtual threads that held them, or the one that
 * called into a library's native method that held them; {@value #OTHER_SITE} gathers the
 * sites beyond the watchdog's limit
 * @param nativeMethod the native method inside the site that the holders were found in
 * when it was last seen, as {@code class.method}, or {@code null}
 * @param callers the application frames that called the site when it was last seen,
 * innermost first, as {@code class.method(file:line)}
 * @param episodes the starvation episodes in which the site held a carrier
 * @param firstSeen when the site was first found
 * @param lastSeen when the site was last found
 * @since 0.1.0
 */
public record StarvationFinding(String site, @Nullable String nativeMethod, List<String> callers, long episodes,
		Instant firstSeen, Instant lastSeen) {

	/** The site under which the sites beyond the watchdog's limit are gathered. */
	public static final String OTHER_SITE = "other";

	public StarvationFinding {
		callers = List.copyOf(callers);
	}

}
