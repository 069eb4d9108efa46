package io.tpool.autoconfigure.offload;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.tpool.Offload;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the {@code tpool.offload} observation of offloaded calls.
 */
class OffloadObservationTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TpoolAutoConfiguration.class))
		.withPropertyValues("tpool.pools.reports.size=1");

	@Test
	void offloadedCallIsObservedWithItsPoolClassAndMethod() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withBean(Reports.class)
			.run((context) -> {
				assertThat(assertTimeoutPreemptively(HANG, context.getBean(Reports.class)::report)).isEqualTo("report");
				assertThat(registry).hasObservationWithNameEqualTo("tpool.offload")
					.that()
					.hasContextualNameEqualTo("offload Reports.report")
					.hasLowCardinalityKeyValue("tpool.pool", "reports")
					.hasLowCardinalityKeyValue("code.namespace", Reports.class.getName())
					.hasLowCardinalityKeyValue("code.function", "report")
					.hasLowCardinalityKeyValue("exception", "none")
					.hasBeenStarted()
					.hasBeenStopped();
			});
	}

	@Test
	void failedCallIsObservedWithItsError() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withBean(Reports.class)
			.run((context) -> {
				Reports reports = context.getBean(Reports.class);
				assertTimeoutPreemptively(HANG,
						() -> assertThatIllegalStateException().isThrownBy(reports::fail).withMessage("no report"));
				// A method's @Offload without a pool keeps its class's.
				assertThat(registry).hasObservationWithNameEqualTo("tpool.offload")
					.that()
					.hasLowCardinalityKeyValue("tpool.pool", "reports")
					.hasLowCardinalityKeyValue("code.function", "fail")
					.hasLowCardinalityKeyValue("exception", "IllegalStateException")
					.assertThatError()
					.hasMessage("no report");
			});
	}

	@Test
	void callOfABeanNamedUnderTpoolProxiesIsObserved() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withBean("threadNames", OffloadPoolSelectionTests.ThreadNames.class,
					OffloadPoolSelectionTests.PlainThreadNames::new)
			.withPropertyValues("tpool.proxies.threadNames.pool=reports")
			.run((context) -> {
				assertTimeoutPreemptively(HANG,
						() -> context.getBean(OffloadPoolSelectionTests.ThreadNames.class).current());
				assertThat(registry).hasObservationWithNameEqualTo("tpool.offload")
					.that()
					.hasLowCardinalityKeyValue("tpool.pool", "reports")
					.hasLowCardinalityKeyValue("code.namespace",
							OffloadPoolSelectionTests.PlainThreadNames.class.getName())
					.hasLowCardinalityKeyValue("code.function", "current");
			});
	}

	@Test
	void theObservationIsCurrentOnThePoolThreadWhileTheCallRuns() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withBean(Reports.class, () -> new Reports(registry))
			.run((context) -> {
				String current = assertTimeoutPreemptively(HANG, context.getBean(Reports.class)::currentObservation);
				assertThat(current).isEqualTo("tpool.offload on reports-1");
			});
	}

	@Test
	void withATracerTheOffloadSpanIsBetweenTheCallersSpanAndTheSpansOpenedInsideTheCall() {
		List<MutableSpan> spans = new CopyOnWriteArrayList<>();
		Tracing tracing = Tracing.newBuilder()
			.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
			.addSpanHandler(new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					spans.add(span);
					return true;
				}

			})
			.build();
		try {
			BraveTracer tracer = new BraveTracer(tracing.tracer(),
					new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
				.withBean(Reports.class, () -> new Reports(registry))
				.run((context) -> {
					Reports reports = context.getBean(Reports.class);
					assertTimeoutPreemptively(HANG, () -> Observation.createNotStarted("caller", registry)
						.observe(reports::reportInItsOwnSpan));
				});
			MutableSpan caller = span(spans, "caller");
			MutableSpan offload = span(spans, "offload Reports.reportInItsOwnSpan");
			MutableSpan inside = span(spans, "inside");
			assertThat(offload.traceId()).isEqualTo(caller.traceId()).isEqualTo(inside.traceId());
			assertThat(offload.parentId()).isEqualTo(caller.id());
			assertThat(inside.parentId()).isEqualTo(offload.id());
			assertThat(inside.tag("thread")).startsWith("reports-");
			assertThat(offload.tag("tpool.pool")).isEqualTo("reports");
		}
		finally {
			tracing.close();
		}
	}

	@Test
	void withoutAnObservationRegistryNothingIsObserved() {
		this.contextRunner.withBean(Reports.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationRegistry.class);
			assertThat(assertTimeoutPreemptively(HANG, context.getBean(Reports.class)::report)).isEqualTo("report");
		});
	}

	private static MutableSpan span(List<MutableSpan> spans, String name) {
		return spans.stream()
			.filter((span) -> name.equals(span.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span named '" + name + "' in " + spans));
	}

	@Offload(pool = "reports")
	public static class Reports {

		private final ObservationRegistry registry;

		public Reports() {
			this(ObservationRegistry.NOOP);
		}

		public Reports(ObservationRegistry registry) {
			this.registry = registry;
		}

		public String report() {
			return "report";
		}

		@Offload
		public String fail() {
			throw new IllegalStateException("no report");
		}

		public String currentObservation() {
			Observation current = this.registry.getCurrentObservation();
			return ((current != null) ? current.getContext().getName() : "none") + " on "
					+ Thread.currentThread().getName();
		}

		public void reportInItsOwnSpan() {
			Observation.createNotStarted("inside", this.registry)
				.highCardinalityKeyValue("thread", Thread.currentThread().getName())
				.observe(() -> {
				});
		}

	}

}
