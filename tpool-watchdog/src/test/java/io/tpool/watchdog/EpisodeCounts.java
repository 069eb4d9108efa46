package io.tpool.watchdog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts the episodes that a watchdog reports, by site, for tests.
 */
final class EpisodeCounts implements Consumer<String> {

	private final Map<String, Integer> counts = new ConcurrentHashMap<>();

	@Override
	public void accept(String site) {
		this.counts.merge(site, 1, Integer::sum);
	}

	int of(String site) {
		return this.counts.getOrDefault(site, 0);
	}

	int sites() {
		return this.counts.size();
	}

}
