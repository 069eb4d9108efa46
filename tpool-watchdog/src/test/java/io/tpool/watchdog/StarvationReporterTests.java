package io.tpool.watchdog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StarvationReporter}.
 *
 * @since 0.1.0
 */
class StarvationReporterTests {

	private static final String CIRCUMSTANCE = "virtual threads held every carrier";

	private static final String ADVICE = "Offload it.";

	private final RecordingLogger log = new RecordingLogger();

	private final MutableClock clock = new MutableClock();

	private final EpisodeCounts episodes = new EpisodeCounts();

	private final StarvationReporter reporter = new StarvationReporter(new ApplicationFrames(), this.log, this.clock,
			Duration.ofMinutes(1), this.episodes, ADVICE, "tpool.watchdog.starvations");

	@Test
	void aSiteIsLoggedOnceWithinTheReportIntervalButEachEpisodeIsCounted() {
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		this.clock.advance(Duration.ofSeconds(59));
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		assertThat(this.log.warnings()).hasSize(1);
		assertThat(starvations("com.example.Legacy.read")).isEqualTo(2);
	}

	@Test
	void aSiteIsLoggedAgainOnceTheReportIntervalHasPassed() {
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		this.clock.advance(Duration.ofMinutes(1));
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		assertThat(this.log.warnings()).hasSize(2);
	}

	@Test
	void eachDistinctSiteIsLoggedOnItsOwnLine() {
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy"), stack("com.example.Other")));
		assertThat(this.log.warnings()).satisfiesExactly(
				(line) -> assertThat(line).startsWith("Carrier starvation at com.example.Legacy.read")
					.doesNotContain("\n"),
				(line) -> assertThat(line).startsWith("Carrier starvation at com.example.Other.read"));
	}

	@Test
	void theLineNamesTheSiteItsCallersTheAdviceAndTheCounter() {
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy"), stack("com.example.Legacy")));
		assertThat(this.log.warnings()).singleElement()
			.asString()
			.contains("com.example.Legacy.read (Legacy.java:7), held by 2 virtual threads")
			.contains("called from com.example.Controller.handle(Controller.java:12)")
			.contains(CIRCUMSTANCE)
			.contains(". " + ADVICE + " Further episodes here are counted in tpool.watchdog.starvations and logged "
					+ "again after 60 s.");
	}

	@Test
	void withoutACounterTheLineSaysOnlyWhenItIsLoggedAgain() {
		new StarvationReporter(new ApplicationFrames(), this.log, this.clock, Duration.ofMinutes(1), this.episodes,
				ADVICE, null)
			.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		assertThat(this.log.warnings()).singleElement()
			.asString()
			.endsWith(ADVICE + " Further episodes here are logged again after 60 s.");
	}

	@Test
	void aLibrarysNativeMethodIsTheDetailOfTheApplicationFrameThatCalledIt() {
		List<Frame> scan = List.of(new Frame("org.rocksdb.RocksIterator", "next0Jni", Frame.NATIVE_METHOD),
				new Frame("org.rocksdb.RocksIterator", "next", "RocksIterator.java:90"),
				new Frame("com.example.Scan", "run", "Scan.java:12"),
				new Frame("java.lang.VirtualThread", "run", "VirtualThread.java:1"));
		ApplicationFrames frames = new ApplicationFrames(List.of("com.example"), List.of(),
				getClass().getClassLoader());
		new StarvationReporter(frames, this.log, this.clock, Duration.ofMinutes(1), this.episodes, ADVICE, null)
			.report(CIRCUMSTANCE, List.of(scan));
		assertThat(this.log.warnings()).singleElement()
			.asString()
			.startsWith("Carrier starvation at com.example.Scan.run (Scan.java:12), in native method "
					+ "org.rocksdb.RocksIterator.next0Jni, held by 1 virtual thread:");
		assertThat(this.episodes.of("com.example.Scan.run")).isOne();
	}

	@Test
	void anEpisodeIsCountedOnceForASiteHeldByManyVirtualThreads() {
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy"), stack("com.example.Legacy")));
		assertThat(starvations("com.example.Legacy.read")).isEqualTo(1);
		assertThat(this.reporter.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.episodes()).isOne());
	}

	@Test
	void findingsNameTheSiteItsCallersItsEpisodesAndWhenItWasSeen() {
		Instant first = this.clock.instant();
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		this.clock.advance(Duration.ofSeconds(5));
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy")));
		assertThat(this.reporter.findings()).containsExactly(new StarvationFinding("com.example.Legacy.read", null,
				List.of("com.example.Controller.handle(Controller.java:12)"), 2, first, first.plusSeconds(5)));
	}

	@Test
	void sitesBeyondTheLimitAreCountedAndListedAsOther() {
		for (int i = 0; i < StarvationReporter.MAX_SITES + 20; i++) {
			this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy" + i)));
		}
		assertThat(this.episodes.sites()).isEqualTo(StarvationReporter.MAX_SITES + 1);
		assertThat(starvations(StarvationFinding.OTHER_SITE)).isEqualTo(20);
		assertThat(this.reporter.findings()).hasSize(StarvationReporter.MAX_SITES + 1)
			.first()
			.satisfies((finding) -> assertThat(finding.site()).isEqualTo(StarvationFinding.OTHER_SITE));
	}

	@Test
	void aSiteThatIsAlreadyTrackedKeepsItsOwnCountBeyondTheLimit() {
		for (int i = 0; i < StarvationReporter.MAX_SITES + 1; i++) {
			this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy" + i)));
		}
		this.reporter.report(CIRCUMSTANCE, List.of(stack("com.example.Legacy0")));
		assertThat(starvations("com.example.Legacy0.read")).isEqualTo(2);
	}

	@Test
	void theSharedSiteIsTheOneMostHoldersAreAt() {
		this.reporter.reportSharedSite(CIRCUMSTANCE,
				List.of(stack("com.example.Legacy"), stack("com.example.Bystander"), stack("com.example.Legacy")));
		assertThat(this.log.warnings()).singleElement()
			.asString()
			.startsWith("Carrier starvation at com.example.Legacy.read")
			.contains("held by 2 virtual threads");
		assertThat(this.reporter.findings()).extracting(StarvationFinding::site)
			.containsExactly("com.example.Legacy.read");
	}

	@Test
	void sitesThatAsManyHoldersShareAreEachReported() {
		this.reporter.reportSharedSite(CIRCUMSTANCE, List.of(stack("com.example.Legacy"), stack("com.example.Other")));
		assertThat(this.reporter.findings()).extracting(StarvationFinding::site)
			.containsExactlyInAnyOrder("com.example.Legacy.read", "com.example.Other.read");
	}

	@Test
	void noSharedSiteWithoutStacks() {
		assertThat(this.reporter.reportSharedSite(CIRCUMSTANCE, List.of())).isFalse();
		assertThat(this.log.warnings()).isEmpty();
	}

	@Test
	void anEpisodeWithoutSiteIsCountedAsUnknownAndNotLogged() {
		assertThat(this.reporter.report(CIRCUMSTANCE, List.of())).isFalse();
		this.reporter.reportUnattributed("no dump");
		assertThat(starvations(StarvationReporter.UNKNOWN_SITE)).isEqualTo(1);
		assertThat(this.reporter.findings()).isEmpty();
		assertThat(this.log.warnings()).isEmpty();
	}

	private int starvations(String site) {
		return this.episodes.of(site);
	}

	private static List<Frame> stack(String siteClass) {
		String simpleName = siteClass.substring(siteClass.lastIndexOf('.') + 1);
		return List.of(new Frame("java.lang.Thread", "sleep", "Thread.java:1"),
				new Frame(siteClass, "read", simpleName + ".java:7"),
				new Frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed", ""),
				new Frame("com.example.Controller", "handle", "Controller.java:12"),
				new Frame("java.lang.VirtualThread", "run", "VirtualThread.java:1"));
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
