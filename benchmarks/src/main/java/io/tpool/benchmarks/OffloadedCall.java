package io.tpool.benchmarks;

import java.util.concurrent.TimeUnit;

import io.tpool.ContextCarrier;
import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.context.TpoolContextAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One call of an {@code @Offload} bean from a virtual thread, in a Spring Boot
 * application with the starter's auto-configuration, an H2 DataSource and a
 * {@code DataSourceTransactionManager}: without a transaction (nothing to carry to the
 * pool thread), and inside one (its connection, synchronization and characteristics are
 * carried there and back). Beside them, {@code execute} on a bare pool, as in
 * {@link ProxiedCall}, and on the starter's pool.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 3, jvmArgsAppend = { "-Djmh.executor=VIRTUAL", "-Djdk.virtualThreadScheduler.parallelism=2" })
public class OffloadedCall {

	@Benchmark
	public int execute(ProxiedCall.Calls calls, RoundTrip.Caller caller) {
		ProxiedCall.Answer target = calls.target;
		int question = caller.one();
		return calls.pool.execute(() -> target.answer(question));
	}

	@Benchmark
	public int startersExecute(Application application, RoundTrip.Caller caller) {
		Answerer target = application.target;
		int question = caller.one();
		return application.pool.execute(() -> target.answer(question));
	}

	@Benchmark
	public int offloaded(Application application, RoundTrip.Caller caller) {
		return application.offloaded.answer(caller.one());
	}

	/**
	 * What the starter's context carrier costs a call with nothing to carry, on both
	 * sides of the hand-off: the capture on the caller, and the sweep of the pool thread
	 * after the task. Measured apart from the round trip, whose noise would hide it.
	 */
	@Benchmark
	public ContextCarrier.@Nullable Context carrierWithNothingToCarry(Application application) {
		ContextCarrier.Context context = application.contextCarrier.capture(true);
		if (context != null) {
			context.attach();
			context.detach();
		}
		return context;
	}

	@Benchmark
	public int offloadedInTransaction(Application application, InTransaction transaction, RoundTrip.Caller caller) {
		return application.offloaded.answer(caller.one());
	}

	/** The application: the starter's pool and an {@code @Offload} bean. */
	@State(Scope.Benchmark)
	public static class Application {

		ConfigurableApplicationContext context;

		Tpool pool;

		Answerer offloaded;

		Answerer target;

		PlatformTransactionManager transactionManager;

		ContextCarrier contextCarrier;

		@Setup(Level.Trial)
		public void start() {
			this.context = new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "logging.level.root=warn",
						"spring.datasource.url=jdbc:h2:mem:offloaded-call", "tpool.size=" + Peers.THREADS)
				.run();
			this.pool = this.context.getBean(Tpool.class);
			this.offloaded = this.context.getBean(Answerer.class);
			this.target = new Answerer();
			this.transactionManager = this.context.getBean(PlatformTransactionManager.class);
			this.contextCarrier = this.context.getBean(ContextCarrier.class);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

	}

	/**
	 * A transaction open on the benchmark thread for each iteration, rolled back after
	 * it; JMH runs a thread-scoped state's iteration fixtures on the thread that
	 * measures.
	 */
	@State(Scope.Thread)
	public static class InTransaction {

		private TransactionStatus status;

		@Setup(Level.Iteration)
		public void begin(Application application) {
			this.status = application.transactionManager.getTransaction(new DefaultTransactionDefinition());
		}

		@TearDown(Level.Iteration)
		public void rollback(Application application) {
			if (!application.offloaded.inTransaction()) {
				throw new IllegalStateException("The offloaded call did not see the caller's transaction");
			}
			application.transactionManager.rollback(this.status);
		}

	}

	/** The application's configuration. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
			TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class })
	public static class BenchmarkApplication {

		@Bean
		@Offload
		Answerer answerer() {
			return new Answerer();
		}

	}

	/** A bean of the kind a legacy client is. */
	public static class Answerer {

		public int answer(int question) {
			return question;
		}

		public boolean inTransaction() {
			return TransactionSynchronizationManager.isActualTransactionActive()
					&& !TransactionSynchronizationManager.getResourceMap().isEmpty();
		}

	}

}
