package io.tpool.watchdog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link CarrierHolderDump}.
 *
 * @since 0.2.0
 */
class CarrierHolderDumpTests {

	/**
	 * A dump as JDK 25 writes it, cut down to a few threads.
	 */
	private static final String DUMP = """
			{"threadDump": {"threadContainers": [
			  {"container": "<root>", "threads": [
			    {"tid": "3", "name": "main", "stack": ["java.base/java.lang.Thread.sleep(Thread.java:1)"]},
			    {"tid": "23", "virtual": true, "name": "", "state": "RUNNABLE",
			     "stack": ["app//com.example.Job.spin(Job.java:7)",
			               "java.base/java.lang.VirtualThread.run(VirtualThread.java:460)"], "carrier": "26"},
			    {"tid": "27", "virtual": true, "name": "", "state": "RUNNABLE", "stack": []},
			    {"tid": "28", "virtual": true, "name": "", "state": "WAITING",
			     "stack": ["java.base/jdk.internal.misc.Unsafe.park(Native Method)"]}
			  ]},
			  {"container": "java.util.concurrent.ThreadPerTaskExecutor@1", "threads": [
			    {"tid": "31", "virtual": true, "name": "", "state": "RUNNABLE",
			     "stack": ["app//com.example.Legacy.read(Legacy.java:9)"], "carrier": "24"}
			  ]}
			]}}
			""";

	@Test
	void theHoldersAreTheMountedVirtualThreadsOfEveryContainerWithTheirIdsAndStacks() {
		assertThat(CarrierHolderDump.carrierHolders(JsonReader.readObject(DUMP))).containsExactly(
				new CarrierHolder(23, 26,
						List.of(new Frame("com.example.Job", "spin", "Job.java:7"),
								new Frame("java.lang.VirtualThread", "run", "VirtualThread.java:460"))),
				new CarrierHolder(31, 24, List.of(new Frame("com.example.Legacy", "read", "Legacy.java:9"))));
	}

	@Test
	void idsWrittenAsNumbersGiveTheSameHolders() {
		Map<String, @Nullable Object> dump = JsonReader.readObject(DUMP.replaceAll("\"(\\d+)\"", "$1"));
		assertThat(CarrierHolderDump.carrierHolders(dump)).extracting(CarrierHolder::threadId, CarrierHolder::carrierId)
			.containsExactly(tuple(23L, 26L), tuple(31L, 24L));
	}

	@Test
	void theWarmUpDumpTakesTheWholeWay() {
		assertThat(CarrierHolderDump.carrierHolders(JsonReader.readObject(CarrierHolderDump.WARM_UP_DUMP)))
			.containsExactly(new CarrierHolder(2, 3,
					List.of(new Frame("java.lang.VirtualThread", "run", "VirtualThread.java:1"))));
	}

	@Test
	void aDumpOfThisJvmFindsAVirtualThreadThatKeepsItsCarrier() throws Exception {
		CountDownLatch spinning = new CountDownLatch(1);
		Thread spinner = Thread.ofVirtual().start(() -> {
			spinning.countDown();
			spinFor(Duration.ofMillis(500));
		});
		List<CarrierHolder> holders = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			spinning.await();
			return CarrierHolderDump.create().take();
		});
		spinner.join();
		assertThat(holders).filteredOn((holder) -> holder.threadId() == spinner.threadId())
			.singleElement()
			.satisfies((holder) -> {
				assertThat(holder.carrierId()).isNotEqualTo(spinner.threadId());
				assertThat(holder.stack()).extracting(Frame::method)
					.contains(CarrierHolderDumpTests.class.getName() + ".spinFor");
			});
	}

	@Test
	void aDumpOfThisJvmMarksAVirtualThreadInAJniMethodAsInANativeMethod() throws Exception {
		byte[] input = new byte[1 << 20];
		new Random(42).nextBytes(input);
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch compressing = new CountDownLatch(1);
		Thread compressor = Thread.ofVirtual().start(() -> {
			compressing.countDown();
			while (!stop.get()) {
				compress(input);
			}
		});
		try {
			CarrierHolder holder = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
				compressing.await();
				CarrierHolderDump dump = CarrierHolderDump.create();
				while (true) {
					CarrierHolder found = dump.take()
						.stream()
						.filter((candidate) -> candidate.threadId() == compressor.threadId())
						.filter(CarrierHolder::isInNativeMethod)
						.findFirst()
						.orElse(null);
					if (found != null) {
						return found;
					}
				}
			});
			assertThat(holder.stack().get(0).className()).isEqualTo(Deflater.class.getName());
			assertThat(holder.stack().get(0).location()).isEqualTo(Frame.NATIVE_METHOD);
		}
		finally {
			stop.set(true);
			compressor.join();
		}
	}

	private static void compress(byte[] input) {
		Deflater deflater = new Deflater();
		try {
			deflater.setInput(input);
			deflater.finish();
			deflater.deflate(new byte[input.length + 1024]);
		}
		finally {
			deflater.end();
		}
	}

	private static void spinFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

}
