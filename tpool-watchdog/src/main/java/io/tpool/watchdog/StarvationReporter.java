package io.tpool.watchdog;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Turns starvation episodes into findings, rate-limited WARN lines and per-site counts,
 * whichever source detected them.
 *
 * @since 0.1.0
 */
final class StarvationReporter {

	/** The most sites that are tracked, logged and tagged one by one. */
	static final int MAX_SITES = 100;

	/** The counter's site for an episode whose carrier holders could not be named. */
	static final String UNKNOWN_SITE = "unknown";

	private final ApplicationFrames applicationFrames;

	private final Logger logger;

	private final Clock clock;

	private final Duration reportInterval;

	private final Consumer<String> episodeCounter;

	private final String advice;

	private final @Nullable String countedIn;

	/** Guarded by {@code this}; in order of discovery. */
	private final Map<String, Site> sites = new LinkedHashMap<>();

	/**
	 * Creates a reporter.
	 * @param applicationFrames what is the application's code
	 * @param logger where the WARN lines go
	 * @param clock the time of findings and of the rate limit
	 * @param reportInterval how often a site is logged at most
	 * @param episodeCounter told of each episode once per site
	 * @param advice what to do about a site, a sentence or two
	 * @param countedIn the name of the meter that counts episodes, or {@code null} for
	 * none
	 */
	StarvationReporter(ApplicationFrames applicationFrames, Logger logger, Clock clock, Duration reportInterval,
			Consumer<String> episodeCounter, String advice, @Nullable String countedIn) {
		this.applicationFrames = applicationFrames;
		this.logger = logger;
		this.clock = clock;
		this.reportInterval = reportInterval;
		this.episodeCounter = episodeCounter;
		this.advice = advice;
		this.countedIn = countedIn;
	}

	/**
	 * Reports one episode: counts it once for each site that held a carrier and logs each
	 * site that was not logged within the report interval.
	 * @param circumstance what was seen, as a clause: "virtual threads held ..."
	 * @param holderStacks the stacks, innermost frame first, of the virtual threads that
	 * held carriers
	 * @return whether any site was found
	 */
	boolean report(String circumstance, List<List<Frame>> holderStacks) {
		Map<String, Sighting> sightings = new LinkedHashMap<>();
		for (List<Frame> stack : holderStacks) {
			int siteIndex = this.applicationFrames.siteIndex(stack);
			if (siteIndex >= 0) {
				Frame site = stack.get(siteIndex);
				Sighting sighting = sightings.computeIfAbsent(site.method(),
						(key) -> new Sighting(site, this.applicationFrames.callers(stack, siteIndex)));
				sighting.holders++;
				if (sighting.nativeMethod == null) {
					sighting.nativeMethod = this.applicationFrames.nativeMethod(stack, siteIndex);
				}
			}
		}
		if (sightings.isEmpty()) {
			return false;
		}
		List<String> lines = new ArrayList<>();
		synchronized (this) {
			Instant now = this.clock.instant();
			Map<String, Sighting> byTrackedSite = new LinkedHashMap<>();
			sightings.forEach((site, sighting) -> byTrackedSite.putIfAbsent(trackedSite(site), sighting));
			byTrackedSite.forEach((trackedSite, sighting) -> {
				Site site = this.sites.computeIfAbsent(trackedSite, (key) -> new Site(now));
				site.episodes++;
				site.lastSeen = now;
				boolean other = trackedSite.equals(StarvationFinding.OTHER_SITE);
				site.callers = other ? List.of() : sighting.callerNames();
				Frame nativeMethod = sighting.nativeMethod;
				site.nativeMethod = (other || nativeMethod == null) ? null : nativeMethod.method();
				this.episodeCounter.accept(trackedSite);
				if (site.lastLogged == null || !now.isBefore(site.lastLogged.plus(this.reportInterval))) {
					site.lastLogged = now;
					lines.add(message(circumstance, sighting));
				}
			});
		}
		lines.forEach((line) -> this.logger.log(Level.WARNING, line));
		return true;
	}

	/**
	 * Reports one episode at the site shared by most of the holders (at each of the sites
	 * shared by most, on a tie), as {@link #report} does: when the carriers as a whole
	 * were starved, rather than each holder, a bystander that happened to be on a carrier
	 * when a dump was taken is not the site.
	 * @param circumstance what was seen, as a clause
	 * @param holderStacks the stacks, innermost frame first, of the virtual threads that
	 * held carriers
	 * @return whether any site was found
	 */
	boolean reportSharedSite(String circumstance, List<List<Frame>> holderStacks) {
		Map<String, Integer> holdersBySite = new HashMap<>();
		for (List<Frame> stack : holderStacks) {
			String site = siteOf(stack);
			if (site != null) {
				holdersBySite.merge(site, 1, Integer::sum);
			}
		}
		if (holdersBySite.isEmpty()) {
			return false;
		}
		int most = holdersBySite.values().stream().mapToInt(Integer::intValue).max().orElse(0);
		return report(circumstance,
				holderStacks.stream().filter((stack) -> holdersBySite.getOrDefault(siteOf(stack), 0) == most).toList());
	}

	private @Nullable String siteOf(List<Frame> stack) {
		int siteIndex = this.applicationFrames.siteIndex(stack);
		return (siteIndex >= 0) ? stack.get(siteIndex).method() : null;
	}

	/**
	 * Counts an episode whose carrier holders could not be named.
	 * @param reason why not, for the debug log
	 */
	void reportUnattributed(String reason) {
		this.episodeCounter.accept(UNKNOWN_SITE);
		if (this.logger.isLoggable(Level.DEBUG)) {
			this.logger.log(Level.DEBUG, "Carrier starvation without a site: " + reason);
		}
	}

	/**
	 * The findings so far, the sites with the most episodes first.
	 * @return an immutable snapshot
	 */
	synchronized List<StarvationFinding> findings() {
		return this.sites.entrySet()
			.stream()
			.map((entry) -> entry.getValue().toFinding(entry.getKey()))
			.sorted(Comparator.comparingLong(StarvationFinding::episodes).reversed())
			.toList();
	}

	private String trackedSite(String site) {
		if (this.sites.containsKey(site)) {
			return site;
		}
		long tracked = this.sites.size() - (this.sites.containsKey(StarvationFinding.OTHER_SITE) ? 1 : 0);
		return (tracked < MAX_SITES) ? site : StarvationFinding.OTHER_SITE;
	}

	private String message(String circumstance, Sighting sighting) {
		StringBuilder message = new StringBuilder("Carrier starvation at ").append(sighting.site.method());
		if (!sighting.site.location().isEmpty()) {
			message.append(" (").append(sighting.site.location()).append(")");
		}
		Frame nativeMethod = sighting.nativeMethod;
		if (nativeMethod != null) {
			message.append(", in native method ").append(nativeMethod.method());
		}
		message.append(", held by ").append(sighting.holders).append(" virtual thread");
		message.append((sighting.holders != 1) ? "s" : "");
		if (!sighting.callers.isEmpty()) {
			message.append(", called from ").append(String.join(" <- ", sighting.callerNames()));
		}
		message.append(": ").append(circumstance).append(". ");
		message.append(this.advice).append(' ');
		message.append("Further episodes here are ");
		if (this.countedIn != null) {
			message.append("counted in ").append(this.countedIn).append(" and ");
		}
		message.append("logged again after ").append(this.reportInterval.toSeconds()).append(" s.");
		return message.toString();
	}

	private static final class Sighting {

		private final Frame site;

		private final List<Frame> callers;

		private int holders;

		private @Nullable Frame nativeMethod;

		Sighting(Frame site, List<Frame> callers) {
			this.site = site;
			this.callers = callers;
		}

		List<String> callerNames() {
			return this.callers.stream().map(Frame::toString).collect(Collectors.toList());
		}

	}

	private static final class Site {

		private final Instant firstSeen;

		private Instant lastSeen;

		private @Nullable Instant lastLogged;

		private List<String> callers = List.of();

		private @Nullable String nativeMethod;

		private long episodes;

		Site(Instant firstSeen) {
			this.firstSeen = firstSeen;
			this.lastSeen = firstSeen;
		}

		StarvationFinding toFinding(String site) {
			return new StarvationFinding(site, this.nativeMethod, this.callers, this.episodes, this.firstSeen,
					this.lastSeen);
		}

	}

}
