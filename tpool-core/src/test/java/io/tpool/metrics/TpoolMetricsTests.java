package io.tpool.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tpool.Tpool;
import io.tpool.TpoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TpoolMetrics}.
 *
 * @since 0.2.0
 */
class TpoolMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Tpool pool = Tpool.builder().name("legacy-io").size(4).queueCapacity(2).build();

	private final TpoolMetrics metrics = new TpoolMetrics(List.of(this.pool), List.of());

	@AfterEach
	void close() {
		this.pool.close();
	}

	@Test
	void everyMeterIsTaggedWithThePoolsName() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactlyInAnyOrder("tpool.threads", "tpool.threads.live", "tpool.threads.active",
					"tpool.queue.size", "tpool.utilization", "tpool.saturation", "tpool.queue.wait", "tpool.execution",
					"tpool.execution", "tpool.tasks.rejected", "tpool.tasks.timeouts");
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> {
			assertThat(meter.getId().getTag("name")).isEqualTo("legacy-io");
			assertThat(meter.getId().getDescription()).isNotBlank();
		});
		assertThat(this.registry.get("tpool.threads").gauge().getId().getBaseUnit()).isEqualTo("threads");
		assertThat(this.registry.get("tpool.queue.size").gauge().getId().getBaseUnit()).isEqualTo("tasks");
		assertThat(this.registry.get("tpool.threads.live").gauge().getId().getBaseUnit()).isEqualTo("threads");
		assertThat(this.registry.get("tpool.queue.wait").timer()).isNotNull();
		assertThat(this.registry.get("tpool.execution").tag("outcome", "success").timer()).isNotNull();
		assertThat(this.registry.get("tpool.execution").tag("outcome", "error").timer()).isNotNull();
	}

	@Test
	void gaugesAtRestShowTheSizeAndNothingElse() {
		this.metrics.bindTo(this.registry);
		assertThat(gauge("tpool.threads")).isEqualTo(4);
		assertThat(gauge("tpool.threads.live")).isZero();
		assertThat(gauge("tpool.threads.active")).isZero();
		assertThat(gauge("tpool.queue.size")).isZero();
		assertThat(gauge("tpool.utilization")).isZero();
		assertThat(gauge("tpool.saturation")).isZero();
		assertThat(this.registry.get("tpool.tasks.rejected").functionCounter().count()).isZero();
		assertThat(this.registry.get("tpool.tasks.timeouts").functionCounter().count()).isZero();
	}

	@Test
	void gaugesUnderLoadShowActiveQueuedUtilizationAndSaturation() throws Exception {
		this.metrics.bindTo(this.registry);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> blocked = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			blocked.add(this.pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		await().until(() -> gauge("tpool.threads.active") == 4);
		assertThat(gauge("tpool.queue.size")).isEqualTo(2);
		assertThat(gauge("tpool.utilization")).isEqualTo(1.0);
		assertThat(gauge("tpool.saturation")).isEqualTo(1.5);
		release.countDown();
		CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	@Test
	void theMetersOfOneScrapeShareOneSnapshot() {
		TpoolMetrics.Readings readings = new TpoolMetrics.Readings(this.pool);
		TpoolStats active = readings.stats(TpoolMetrics.Readings.ACTIVE);
		assertThat(readings.stats(TpoolMetrics.Readings.QUEUED)).isSameAs(active);
		assertThat(readings.stats(TpoolMetrics.Readings.SATURATION)).isSameAs(active);
	}

	@Test
	void aMeterReadAgainGetsANewSnapshot() throws Exception {
		this.metrics.bindTo(this.registry);
		assertThat(gauge("tpool.queue.size")).isZero();
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> blocked = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			blocked.add(this.pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		// Queued at once, whether or not the threads took their jobs yet.
		assertThat(gauge("tpool.queue.size")).isPositive();
		release.countDown();
		CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	@Test
	void timersCountSuccessesAndErrorsAndTheQueueWait() throws InterruptedException {
		this.metrics.bindTo(this.registry);
		for (int i = 0; i < 3; i++) {
			this.pool.execute(() -> Thread.sleep(5));
		}
		for (int i = 0; i < 2; i++) {
			try {
				this.pool.execute(() -> {
					throw new IllegalStateException();
				});
			}
			catch (IllegalStateException ex) {
				// counted
			}
		}
		Timer success = this.registry.get("tpool.execution").tag("outcome", "success").timer();
		Timer error = this.registry.get("tpool.execution").tag("outcome", "error").timer();
		Timer queueWait = this.registry.get("tpool.queue.wait").timer();
		// Recorded on the pool thread once the caller has its outcome.
		await().until(() -> success.count() == 3 && error.count() == 2 && queueWait.count() == 5);
		assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(15);
		assertThat(success.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5);
	}

	@Test
	void rejectionsAreCounted() throws Exception {
		this.metrics.bindTo(this.registry);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> accepted = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			accepted.add(this.pool.submit(() -> release.await(1, TimeUnit.MINUTES)));
		}
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.pool.execute(() -> 1));
		assertThat(this.registry.get("tpool.tasks.rejected").functionCounter().count()).isEqualTo(1);
		release.countDown();
		CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	@Test
	void closingRemovesTheMeters() {
		this.metrics.bindTo(this.registry);
		this.metrics.close();
		assertThat(this.registry.getMeters()).extracting(Meter::getId).isEmpty();
	}

	private double gauge(String name) {
		return this.registry.get(name).tag("name", "legacy-io").gauge().value();
	}

}
