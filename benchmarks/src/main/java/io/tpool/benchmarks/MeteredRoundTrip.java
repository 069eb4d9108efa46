package io.tpool.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tpool.Tpool;
import io.tpool.metrics.TpoolMetrics;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording the timers costs a round trip from a virtual caller:
 * {@code execute(() -> 1)} on a pool without meters, with its meters bound to a
 * Prometheus registry, and with percentile histograms on both timers (Boot's
 * {@code management.metrics.distribution.percentiles-histogram.tpool.*=true}).
 *
 * @since 0.2.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 3, jvmArgsAppend = { "-Djmh.executor=VIRTUAL", "-Djdk.virtualThreadScheduler.parallelism=2" })
public class MeteredRoundTrip {

	@Benchmark
	public int execute(Metered metered, RoundTrip.Caller caller) {
		return metered.pool.execute(() -> 1);
	}

	/** A pool of 20 threads and, as the parameter says, its meters. */
	@State(Scope.Benchmark)
	public static class Metered {

		@Param({ "none", "prometheus", "prometheus-histogram" })
		public String meters;

		Tpool pool;

		private @Nullable TpoolMetrics metrics;

		@Setup(Level.Trial)
		public void start() {
			this.pool = Tpool.builder().name("bench").size(Peers.THREADS).build();
			if (!this.meters.equals("none")) {
				MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
				if (this.meters.endsWith("histogram")) {
					registry.config().meterFilter(new MeterFilter() {

						@Override
						public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
							return DistributionStatisticConfig.builder()
								.percentilesHistogram(true)
								.build()
								.merge(config);
						}

					});
				}
				this.metrics = new TpoolMetrics(List.of(this.pool), Tags.empty());
				this.metrics.bindTo(registry);
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			if (this.metrics != null) {
				this.metrics.close();
			}
			this.pool.close();
		}

	}

}
