package io.tpool.watchdog;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.tpool.scheduler.VirtualThreadScheduler.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Tests for {@link SchedulerSampler}'s four signals, with a clock, thread dumps, carrier
 * CPU times and carrier states (in native code or not) set by the test: two carriers, the
 * default threshold of 200 ms, a sample every 50 ms and dumps that take 30 ms.
 *
 * @since 0.2.0
 */
class SchedulerSamplerTests {

	private static final Duration THRESHOLD = Duration.ofMillis(200);

	private static final long PERIOD_NANOS = Duration.ofMillis(50).toNanos();

	private static final long DUMP_NANOS = Duration.ofMillis(30).toNanos();

	private static final Sample STARVED = new Sample(2, 2, 100);

	private static final Sample FREE = new Sample(2, 1, 0);

	/** Virtual threads wait, but a carrier is free: nobody starves yet. */
	private static final Sample WAITING = new Sample(2, 1, 100);

	private static final String NATIVE_SITE = "com.example.NativeLibrary.query";

	private final AtomicLong now = new AtomicLong();

	private final Map<Long, Long> cpuTimes = new HashMap<>(Map.of(1L, 0L, 2L, 0L));

	/** Whether each carrier is in native code when read; unreadable where absent. */
	private final Map<Long, Boolean> inNative = new HashMap<>(Map.of(1L, false, 2L, false));

	/** Which reading of the carriers' state comes next, from 0. */
	private int nativeReads;

	/** Every that many readings, the carriers are found in Java code; 0 for never. */
	private int javaEvery;

	private final CarrierHolderDump dump = mock(CarrierHolderDump.class);

	private final RecordingLogger log = new RecordingLogger();

	private final SchedulerSampler sampler = new SchedulerSampler(() -> STARVED, this.dump,
			new CarrierCpuTime((id) -> this.cpuTimes.getOrDefault(id, -1L)), new CarrierNativeCode(this::readInNative),
			new CarrierThreads(() -> new long[] { 1, 2 }, this::readCarriers), THRESHOLD,
			Duration.ofNanos(PERIOD_NANOS), new StarvationReporter(new ApplicationFrames(), this.log, Clock.systemUTC(),
					Duration.ofMinutes(1), (site) -> {
					}, CarrierWatchdog.DEFAULT_ADVICE, null),
			this.log, null, this.now::get);

	/**
	 * What the readings of the carriers find on each: none runs a virtual thread unless a
	 * test says so, and the cycles of dumps alone tell starvation from saturation.
	 */
	private final Map<Long, CarrierThreads.Reading> onCarrier = new HashMap<>();

	private double cpuShare;

	private int dumps;

	@Test
	void carriersBlockedByShortCallsForTheThresholdAreReportedAtTheSiteMostOfTheirVirtualThreadsShare()
			throws IOException {
		dumpsFind((dump) -> (dump == 1) ? List.of(holder(11, 1, NATIVE_SITE), holder(12, 2, "com.example.Clock.tick"))
				: List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.01;
		runStarvedFor(Duration.ofSeconds(1));
		String line = warning();
		assertThat(line).startsWith("Carrier starvation at " + NATIVE_SITE)
			.contains("held by 5 virtual threads")
			.contains("called from com.example.Report.run")
			.contains("carriers blocked, 1.0% CPU, for 360 ms")
			.contains("the last 230 ms")
			.contains("3 thread dumps");
		assertThat(this.dumps).isEqualTo(3);
	}

	@Test
	void carriersBusyComputingShortTasksAreSaturationAndEndTheCycleAtTheSecondDump() throws IOException {
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.6;
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void carriersThatComputeAfterAFirstBlockedStretchAreNoFinding() throws IOException {
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.01;
		runStarvedFor(Duration.ofMillis(300));
		this.cpuShare = 0.5;
		runStarvedFor(Duration.ofMillis(700));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(3);
	}

	@Test
	void aVirtualThreadThatKeepsItsBlockedCarrierIsReportedAsKeepingIt() throws IOException {
		dumpsFind((dump) -> List.of(holder(1, 1, NATIVE_SITE), holder(2, 2, NATIVE_SITE)));
		this.cpuShare = 0.01;
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(warning()).contains("held by 2 virtual threads")
			.contains("a virtual thread kept its carrier for 230 ms")
			.doesNotContain("carriers blocked");
	}

	@Test
	void aVirtualThreadThatKeepsItsCarrierComputingIsAFinding() throws IOException {
		dumpsFind((dump) -> List.of(holder(1, 1, "com.example.Loop.spin"), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.9;
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(warning()).startsWith("Carrier starvation at com.example.Loop.spin")
			.contains("held by 1 virtual thread")
			.contains("a virtual thread kept its carrier for");
	}

	@Test
	void carriersBlockedForLessThanTheThresholdAreNoFinding() throws IOException {
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.01;
		runStarvedFor(Duration.ofMillis(300));
		sample(FREE);
		runStarvedFor(Duration.ofMillis(100));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void whereTheCarriersCpuTimeCannotBeReadOnlyAVirtualThreadThatKeepsItsCarrierIsAFinding() throws IOException {
		this.cpuTimes.clear();
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void anEpisodeIsReportedOnce() throws IOException {
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.01;
		runStarvedFor(Duration.ofSeconds(10));
		assertThat(this.log.warnings()).hasSize(1);
		assertThat(this.dumps).isEqualTo(3);
	}

	@Test
	void carriersInNativeCodeComputingAreReportedAtTheNativeMethodMostOfTheirVirtualThreadsShare() throws IOException {
		dumpsFind((dump) -> List.of(nativeHolder(10 * dump + 1, 1, NATIVE_SITE),
				holder(10 * dump + 2, 2, (dump == 2) ? NATIVE_SITE : "com.example.Json.write")));
		this.cpuShare = 0.6;
		carriersInNative(true);
		runStarvedFor(Duration.ofSeconds(1));
		String line = warning();
		assertThat(line).startsWith("Carrier starvation at " + NATIVE_SITE + " (Native Method)")
			.contains("held by 3 virtual threads")
			.contains("called from com.example.Report.run")
			.contains("carriers in native code for 230 ms")
			.contains("the last 230 ms found them in native code (100.0%)")
			.contains("3 thread dumps found these virtual threads on them in native methods")
			.doesNotContain("carriers blocked");
		assertThat(this.dumps).isEqualTo(3);
	}

	@Test
	void carriersInNativeCodeWhoseDumpsShowNoNativeMethodAreReportedAtTheSiteMostOfTheirVirtualThreadsShare()
			throws IOException {
		// java.lang.foreign downcalls: the dump hides the stub, the Java caller is
		// innermost
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE),
				holder(10 * dump + 2, 2, (dump == 2) ? "com.example.Json.write" : NATIVE_SITE)));
		this.cpuShare = 0.9;
		carriersInNative(true);
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(warning()).startsWith("Carrier starvation at " + NATIVE_SITE + " (Site.java:1)")
			.contains("held by 5 virtual threads")
			.contains("carriers in native code for 230 ms")
			.contains("3 thread dumps found these virtual threads on them. Run");
	}

	@Test
	void carriersInNativeCodeBetweenShortJavaStretchesAreAFinding() throws IOException {
		dumpsFind((dump) -> List.of(nativeHolder(10 * dump + 1, 1, NATIVE_SITE),
				nativeHolder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.6;
		carriersInNative(true);
		this.javaEvery = 2;
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(warning()).contains("carriers in native code for 230 ms").contains("6 of 10 readings");
	}

	@Test
	void carriersInNativeCodeInOnlyHalfTheReadingsAreSaturationAndEndTheCycleAtTheSecondDump() throws IOException {
		dumpsFind((dump) -> List.of(nativeHolder(10 * dump + 1, 1, NATIVE_SITE),
				holder(10 * dump + 2, 2, "com.example.Loop.spin")));
		this.cpuShare = 0.9;
		this.inNative.put(1L, true);
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void carriersBlockedInNativeCodeAreReportedAsBlocked() throws IOException {
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.01;
		carriersInNative(true);
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(warning()).contains("carriers blocked, 1.0% CPU").doesNotContain("carriers in native code");
	}

	@Test
	void carriersInNativeCodeForLessThanTheThresholdAreNoFinding() throws IOException {
		dumpsFind((dump) -> List.of(nativeHolder(10 * dump + 1, 1, NATIVE_SITE),
				nativeHolder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.6;
		carriersInNative(true);
		runStarvedFor(Duration.ofMillis(300));
		sample(FREE);
		runStarvedFor(Duration.ofMillis(100));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void whereTheCarriersStateCannotBeReadNativeCodeIsNoFinding() throws IOException {
		this.inNative.clear();
		dumpsFind((dump) -> List.of(nativeHolder(10 * dump + 1, 1, NATIVE_SITE),
				nativeHolder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.6;
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void aCarrierHeldForTheThresholdIsNamedAfterOneDumpOnceEveryCarrierIsTaken() throws IOException {
		dumpsFind(
				(dump) -> List.of(nativeHolder(1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, "com.example.Clock.tick")));
		this.onCarrier.put(1L, new CarrierThreads.Reading("java.lang.VirtualThread@1", true, -1));
		this.cpuShare = 0.6;
		runFor(WAITING, Duration.ofMillis(300));
		assertThat(this.dumps).isZero();
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(warning()).startsWith("Carrier starvation at " + NATIVE_SITE)
			.contains("a virtual thread kept its carrier for 330 ms")
			.contains("every reading of the carriers found each of these on the same one")
			.doesNotContain("Clock");
		assertThat(this.dumps).isEqualTo(1);
	}

	@Test
	void aCarrierThatWaitsForACpuOnABusyMachineIsNotHeldByTheVirtualThreadOnIt() throws IOException {
		dumpsFind((dump) -> List.of(holder(10 * dump + 1, 1, NATIVE_SITE), holder(10 * dump + 2, 2, NATIVE_SITE)));
		// On the same virtual thread all along, in Java, with next to no CPU, and
		// runnable:
		// the operating system gave the CPU to other processes.
		this.onCarrier.put(1L, new CarrierThreads.Reading("java.lang.VirtualThread@1", false, 0, 'R'));
		this.cpuShare = 0.6;
		runStarvedFor(Duration.ofSeconds(1));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(2);
	}

	@Test
	void aHoldThatEndsDuringTheDumpIsNotGivenTheStackOfTheVirtualThreadThatCameNext() throws IOException {
		this.onCarrier.put(1L, new CarrierThreads.Reading("java.lang.VirtualThread@1", true, -1));
		runFor(WAITING, Duration.ofMillis(300));
		when(this.dump.take()).thenAnswer((invocation) -> {
			advance(DUMP_NANOS);
			this.dumps++;
			this.onCarrier.put(1L, new CarrierThreads.Reading("java.lang.VirtualThread@2", false, -1));
			return List.of(holder(2, 1, "com.example.Clock.tick"), holder(3, 2, "com.example.Clock.tick"));
		});
		this.cpuShare = 0.6;
		runStarvedFor(Duration.ofMillis(300));
		assertThat(this.log.warnings()).isEmpty();
		assertThat(this.dumps).isEqualTo(1);
	}

	@Test
	void carriersInNativeCodeAreReportedOncePerEpisode() throws IOException {
		dumpsFind((dump) -> List.of(nativeHolder(10 * dump + 1, 1, NATIVE_SITE),
				nativeHolder(10 * dump + 2, 2, NATIVE_SITE)));
		this.cpuShare = 0.6;
		carriersInNative(true);
		runStarvedFor(Duration.ofSeconds(10));
		assertThat(this.log.warnings()).hasSize(1);
		assertThat(this.dumps).isEqualTo(3);
	}

	private void carriersInNative(boolean inNative) {
		this.inNative.replaceAll((id, state) -> inNative);
	}

	private Boolean[] readInNative(long[] ids) {
		boolean java = this.javaEvery > 0 && ++this.nativeReads % this.javaEvery == 0;
		Boolean[] states = new Boolean[ids.length];
		for (int i = 0; i < ids.length; i++) {
			Boolean state = this.inNative.get(ids[i]);
			states[i] = (state != null) ? state && !java : null;
		}
		return states;
	}

	private CarrierThreads.Reading[] readCarriers(long[] ids) {
		CarrierThreads.Reading[] readings = new CarrierThreads.Reading[ids.length];
		for (int i = 0; i < ids.length; i++) {
			readings[i] = this.onCarrier.getOrDefault(ids[i], new CarrierThreads.Reading(null, false, -1));
		}
		return readings;
	}

	/** Answers the n-th dump (from 1) with the given holders; a dump takes 30 ms. */
	private void dumpsFind(IntFunction<List<CarrierHolder>> holders) throws IOException {
		when(this.dump.take()).thenAnswer((invocation) -> {
			advance(DUMP_NANOS);
			return holders.apply(++this.dumps);
		});
	}

	private void runStarvedFor(Duration duration) {
		runFor(STARVED, duration);
	}

	private void runFor(Sample sample, Duration duration) {
		for (long elapsed = 0; elapsed < duration.toNanos(); elapsed += PERIOD_NANOS) {
			advance(PERIOD_NANOS);
			sample(sample);
		}
	}

	private void sample(Sample sample) {
		this.sampler.sample(sample);
	}

	/**
	 * Time passes: the carriers that still run spend {@link #cpuShare} of it on a CPU.
	 */
	private void advance(long nanos) {
		this.now.addAndGet(nanos);
		this.cpuTimes.replaceAll((id, cpuTime) -> cpuTime + Math.round(nanos * this.cpuShare));
	}

	private String warning() {
		assertThat(this.log.warnings()).hasSize(1);
		return this.log.warnings().get(0);
	}

	private static CarrierHolder holder(long threadId, long carrierId, String site) {
		return holder(threadId, carrierId, site, "Site.java:1");
	}

	/** A virtual thread in a JNI method, as a thread dump shows it. */
	private static CarrierHolder nativeHolder(long threadId, long carrierId, String site) {
		return holder(threadId, carrierId, site, Frame.NATIVE_METHOD);
	}

	private static CarrierHolder holder(long threadId, long carrierId, String site, String location) {
		int dot = site.lastIndexOf('.');
		List<Frame> stack = new ArrayList<>();
		stack.add(new Frame(site.substring(0, dot), site.substring(dot + 1), location));
		stack.add(new Frame("com.example.Report", "run", "Report.java:2"));
		stack.add(new Frame("java.lang.VirtualThread", "run", "VirtualThread.java:3"));
		return new CarrierHolder(threadId, carrierId, stack);
	}

}
