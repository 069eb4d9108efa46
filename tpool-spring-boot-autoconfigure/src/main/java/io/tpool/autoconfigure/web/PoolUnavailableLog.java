package io.tpool.autoconfigure.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs the 503 answers at WARN, without a stack trace (where a deadline passed is no
 * news: the pool's name and the exception's message say it), at most once a minute per
 * pool and kind. A pool that refuses thousands of calls a second logs one line a minute,
 * which counts the ones left out.
 */
final class PoolUnavailableLog {

	static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(PoolUnavailableLog.class);

	private final Consumer<String> warn;

	private final LongSupplier nanoTime;

	private final ConcurrentMap<Key, Window> windows = new ConcurrentHashMap<>();

	PoolUnavailableLog() {
		this(logger::warn, System::nanoTime);
	}

	PoolUnavailableLog(Consumer<String> warn, LongSupplier nanoTime) {
		this.warn = warn;
		this.nanoTime = nanoTime;
	}

	/**
	 * Logs an answer, unless one for the same pool and kind was logged less than a minute
	 * ago.
	 * @param unavailable what happened
	 * @param request the request answered, such as {@code GET /reports}
	 */
	void log(PoolUnavailable unavailable, String request) {
		long now = this.nanoTime.getAsLong();
		Window window = this.windows.computeIfAbsent(new Key(unavailable.poolName(), unavailable.kind()),
				(key) -> new Window(now));
		long opensAt = window.opensAt.get();
		if (now - opensAt < 0 || !window.opensAt.compareAndSet(opensAt, now + INTERVAL.toNanos())) {
			window.leftOut.incrementAndGet();
			return;
		}
		long leftOut = window.leftOut.getAndSet(0);
		this.warn.accept(
				request + " answered 503 Service Unavailable: " + unavailable.exception().getMessage() + " ("
						+ unavailable.exception().getClass().getSimpleName()
						+ ((leftOut > 0) ? "; " + leftOut
								+ " more like it since the last such line, which is logged at most once a minute" : "")
						+ ")");
	}

	private record Key(@Nullable String poolName, PoolUnavailable.Kind kind) {

	}

	/**
	 * When the next line for a pool and kind may be logged, and how many were left out.
	 */
	private static final class Window {

		private final AtomicLong opensAt;

		private final AtomicLong leftOut = new AtomicLong();

		Window(long now) {
			this.opensAt = new AtomicLong(now);
		}

	}

}
