package io.tpool.watchdog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tpool.watchdog.CarrierNativeCode.Readings;
import io.tpool.testsupport.NativeSleep;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CarrierNativeCode}, with thread states set by the test and with this
 * JVM's threads.
 *
 * @since 0.2.0
 */
class CarrierNativeCodeTests {

	private final Map<Long, Boolean> inNative = new HashMap<>();

	private final CarrierNativeCode nativeCode = new CarrierNativeCode((ids) -> {
		Boolean[] states = new Boolean[ids.length];
		for (int i = 0; i < ids.length; i++) {
			states[i] = this.inNative.get(ids[i]);
		}
		return states;
	});

	@Test
	void theShareIsThatOfTheReadingsThatFoundACarrierInNativeCode() {
		Readings readings = this.nativeCode.open(List.of(1L, 2L));
		assertThat(readings.nativeShare()).isNaN();
		this.inNative.putAll(Map.of(1L, true, 2L, true));
		readings.read();
		readings.read();
		this.inNative.put(2L, false);
		readings.read();
		assertThat(readings.count()).isEqualTo(6);
		assertThat(readings.inNative()).isEqualTo(5);
		assertThat(readings.nativeShare()).isEqualTo(5.0 / 6);
	}

	@Test
	void aCarrierThatCannotBeReadCountsForNothing() {
		Readings readings = this.nativeCode.open(List.of(1L, 2L));
		this.inNative.put(1L, true);
		readings.read();
		assertThat(readings.count()).isOne();
		assertThat(readings.nativeShare()).isOne();
	}

	@Test
	void withoutCarriersNothingIsRead() {
		Readings readings = this.nativeCode.open(List.of());
		readings.read();
		assertThat(readings.count()).isZero();
		assertThat(readings.nativeShare()).isNaN();
	}

	@Test
	void inThisJvmAThreadInAForeignDowncallIsInNativeCodeAndOneThatComputesInJavaIsNot() throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(2);
		Thread sleeping = Thread.ofPlatform().daemon().start(() -> {
			started.countDown();
			while (!stop.get()) {
				NativeSleep.sleep(50);
			}
		});
		Thread computing = Thread.ofPlatform().daemon().start(() -> {
			started.countDown();
			long sum = 0;
			while (!stop.get()) {
				sum += System.nanoTime() ^ (sum >>> 3);
			}
			assertThat(sum).isNotNull();
		});
		try {
			started.await();
			CarrierNativeCode ofThisJvm = CarrierNativeCode.ofThisJvm();
			await().untilAsserted(() -> {
				Readings readings = ofThisJvm.open(List.of(sleeping.threadId()));
				for (int i = 0; i < 10; i++) {
					readings.read();
				}
				assertThat(readings.inNative()).isGreaterThanOrEqualTo(9);
			});
			Readings java = ofThisJvm.open(List.of(computing.threadId()));
			for (int i = 0; i < 10; i++) {
				java.read();
			}
			assertThat(java.count()).isEqualTo(10);
			assertThat(java.inNative()).isZero();
			Readings ended = ofThisJvm.open(List.of(Long.MAX_VALUE));
			ended.read();
			assertThat(ended.count()).isZero();
		}
		finally {
			stop.set(true);
			sleeping.join();
			computing.join();
		}
	}

}
