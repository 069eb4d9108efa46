package io.tpool.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import io.micrometer.context.ContextRegistry;
import io.tpool.Tpool;
import io.tpool.TpoolRegistry;
import io.tpool.TpoolTimeoutException;
import io.tpool.autoconfigure.context.TpoolContextAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.task.TaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the named pools under {@code tpool.pools} and the default pool's elastic
 * threads and deadlines, with real pools, threads and contexts.
 */
class TpoolNamedPoolsTests {

	private static final Duration HANG = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class));

	@Test
	void namedPoolIsATpoolBeanNamedAfterItWhoseThreadsCarryItsName() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4").run((context) -> {
			assertThat(context).hasBean("tpool").hasBean("duckdbTpool");
			Tpool duckdb = context.getBean("duckdbTpool", Tpool.class);
			assertThat(duckdb.name()).isEqualTo("duckdb");
			assertThat(duckdb.size()).isEqualTo(4);
			assertThat(duckdb.execute(() -> Thread.currentThread().getName())).isEqualTo("duckdb-1");
			assertThat(context.getBean("tpool", Tpool.class).execute(() -> Thread.currentThread().getName()))
				.isEqualTo("tpool-1");
		});
	}

	@Test
	void namedPoolTakesEveryKeyOfTheDefaultPool() {
		this.contextRunner
			.withPropertyValues("tpool.pools.duckdb.size=4", "tpool.pools.duckdb.queue-capacity=100",
					"tpool.pools.duckdb.keep-alive=5s", "tpool.pools.duckdb.timeout=2s",
					"tpool.pools.duckdb.max-queue-wait=500ms", "tpool.pools.duckdb.thread-name-prefix=analytics-",
					"tpool.pools.duckdb.shutdown.await-termination-period=100ms")
			.run((context) -> {
				Tpool duckdb = context.getBean("duckdbTpool", Tpool.class);
				assertThat(duckdb.size()).isEqualTo(4);
				assertThat(duckdb.queueCapacity()).isEqualTo(100);
				assertThat(duckdb.keepAlive()).isEqualTo(Duration.ofSeconds(5));
				assertThat(duckdb.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(duckdb.maxQueueWait()).isEqualTo(Duration.ofMillis(500));
				assertThat(duckdb.execute(() -> Thread.currentThread().getName())).isEqualTo("analytics-1");
			});
	}

	@Test
	void namedPoolLeftAtItsDefaultsHasTwentyThreadsAnUnboundedQueueAndNoDeadline() {
		this.contextRunner.withPropertyValues("tpool.pools.reports.queue-capacity=10").run((context) -> {
			Tpool reports = context.getBean("reportsTpool", Tpool.class);
			assertThat(reports.size()).isEqualTo(Tpool.DEFAULT_SIZE);
			assertThat(reports.keepAlive()).isEqualTo(Tpool.DEFAULT_KEEP_ALIVE);
			assertThat(reports.timeout()).isNull();
			assertThat(reports.maxQueueWait()).isNull();
		});
	}

	@Test
	void namedPoolsSettingsDoNotChangeTheDefaultPool() {
		this.contextRunner
			.withPropertyValues("tpool.size=3", "tpool.pools.duckdb.size=4", "tpool.pools.duckdb.timeout=2s")
			.run((context) -> {
				Tpool tpool = context.getBean("tpool", Tpool.class);
				assertThat(tpool.size()).isEqualTo(3);
				assertThat(tpool.timeout()).isNull();
				assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(4);
			});
	}

	@Test
	void namedPoolIsConfiguredFromEnvironmentVariablesByRelaxedBinding() {
		this.contextRunner.withInitializer(environment(Map.of("TPOOL_POOLS_DUCKDB_SIZE", "3")))
			.run((context) -> assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(3));
	}

	@Test
	void plainInjectionOfATpoolStillGetsTheDefaultPoolBesideNamedPools() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4", "tpool.pools.reports.size=2")
			.withUserConfiguration(PoolUsersConfiguration.class)
			.run((context) -> {
				assertThat(context.getBeansOfType(Tpool.class)).containsOnlyKeys("tpool", "duckdbTpool",
						"reportsTpool");
				assertThat(context.getBean(Tpool.class).name()).isEqualTo("tpool");
				assertThat(context.getBean(PoolUsers.class).any().name()).isEqualTo("tpool");
			});
	}

	@Test
	void namedPoolIsInjectedWithItsNameAsAQualifier() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4", "tpool.pools.reports.size=2")
			.withUserConfiguration(PoolUsersConfiguration.class)
			.run((context) -> assertThat(context.getBean(PoolUsers.class).qualified().name()).isEqualTo("duckdb"));
	}

	@Test
	void usersOwnNonDefaultCandidateBeanWithThePoolsBeanNameWinsOverTheNamedPool() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4")
			.withBean("duckdbTpool", Tpool.class, () -> Tpool.builder().name("duckdb").size(2).build(),
					(definition) -> ((AbstractBeanDefinition) definition).setDefaultCandidate(false))
			.run((context) -> {
				assertThat(context.getBeansOfType(Tpool.class)).containsOnlyKeys("tpool", "duckdbTpool");
				assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(2);
				assertThat(context.getBean(Tpool.class).name()).isEqualTo("tpool");
			});
	}

	@Test
	void usersOwnPlainBeanWithThePoolsBeanNameWinsOverTheNamedPoolAndTheDefaultPool() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4")
			.withBean("duckdbTpool", Tpool.class, () -> Tpool.builder().name("duckdb").size(2).build())
			.run((context) -> {
				assertThat(context.getBeansOfType(Tpool.class)).containsOnlyKeys("duckdbTpool");
				assertThat(context.getBean(TpoolRegistry.class).get("").name()).isEqualTo("duckdb");
			});
	}

	@Test
	void usersOwnDefaultPoolStaysTheDefaultBesideNamedPools() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=4")
			.withBean("myPool", Tpool.class, () -> Tpool.builder().name("mine").size(2).build())
			.run((context) -> {
				assertThat(context.getBeansOfType(Tpool.class)).containsOnlyKeys("myPool", "duckdbTpool");
				assertThat(context.getBean(Tpool.class).name()).isEqualTo("mine");
				assertThat(context.getBean(TpoolRegistry.class).get("").name()).isEqualTo("mine");
				assertThat(context.getBean(TpoolRegistry.class).get("duckdb").size()).isEqualTo(4);
			});
	}

	@Test
	void disabledStarterHasNoNamedPools() {
		this.contextRunner.withPropertyValues("tpool.enabled=false", "tpool.pools.duckdb.size=4")
			.run((context) -> assertThat(context).doesNotHaveBean(Tpool.class).doesNotHaveBean("duckdbTpool"));
	}

	@Test
	void aSaturatedPoolDoesNotDelayCallsToAnotherPool() throws Exception {
		this.contextRunner.withPropertyValues("tpool.pools.slow.size=1", "tpool.pools.fast.size=1").run((context) -> {
			Tpool slow = context.getBean("slowTpool", Tpool.class);
			Tpool fast = context.getBean("fastTpool", Tpool.class);
			CountDownLatch release = new CountDownLatch(1);
			List<CompletableFuture<Boolean>> blocked = IntStream.range(0, 5)
				.mapToObj((i) -> slow.submit(() -> release.await(1, TimeUnit.MINUTES)))
				.toList();
			try {
				awaitUntil(() -> slow.stats().active() == 1 && slow.stats().queued() == 4);
				try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
					Future<String> thread = callers.submit(() -> fast.execute(() -> Thread.currentThread().getName()));
					String ranOn = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> thread.get());
					assertThat(ranOn).isEqualTo("fast-1");
				}
				assertThat(slow.stats().queued()).as("slow still saturated").isEqualTo(4);
			}
			finally {
				release.countDown();
			}
			assertTimeoutPreemptively(HANG,
					() -> CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new)).join());
		});
	}

	@Test
	void namedPoolsThreadsEndAfterItsKeepAlive() {
		this.contextRunner.withPropertyValues("tpool.pools.brief.size=2", "tpool.pools.brief.keep-alive=200ms")
			.run((context) -> {
				Tpool brief = context.getBean("briefTpool", Tpool.class);
				assertThat(brief.stats().threads()).as("threads start on demand").isZero();
				assertThat(brief.execute(() -> Thread.currentThread().getName())).isEqualTo("brief-1");
				assertThat(brief.stats().threads()).isEqualTo(1);
				awaitUntil(() -> brief.stats().threads() == 0);
				awaitUntil(() -> threadsNamed("brief-").isEmpty());
			});
	}

	@Test
	void callPastTheNamedPoolsTimeoutGetsTpoolTimeoutExceptionAndItsTaskIsInterrupted() {
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		this.contextRunner.withPropertyValues("tpool.pools.strict.size=1", "tpool.pools.strict.timeout=200ms")
			.run((context) -> {
				Tpool strict = context.getBean("strictTpool", Tpool.class);
				assertTimeoutPreemptively(HANG,
						() -> assertThatExceptionOfType(TpoolTimeoutException.class)
							.isThrownBy(() -> strict.execute(() -> sleepReportingInterrupt(interrupted)))
							.withMessageContaining("strict"));
				assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
				assertThat(strict.stats().timedOut()).isEqualTo(1);
			});
	}

	@Test
	void queuedCallPastTheNamedPoolsMaxQueueWaitIsRejectedAndNeverRuns() {
		this.contextRunner.withPropertyValues("tpool.pools.shed.size=1", "tpool.pools.shed.max-queue-wait=100ms")
			.run((context) -> {
				Tpool shed = context.getBean("shedTpool", Tpool.class);
				CountDownLatch release = new CountDownLatch(1);
				CompletableFuture<Boolean> running = shed.submit(() -> release.await(1, TimeUnit.MINUTES));
				awaitUntil(() -> shed.stats().active() == 1);
				AtomicBoolean ran = new AtomicBoolean();
				try {
					assertTimeoutPreemptively(HANG, () -> assertThatExceptionOfType(RejectedExecutionException.class)
						.isThrownBy(() -> shed.execute(() -> ran.set(true))));
				}
				finally {
					release.countDown();
				}
				assertThat(running.get(10, TimeUnit.SECONDS)).isTrue();
				assertThat(ran).as("the shed task never ran").isFalse();
				assertThat(shed.stats().rejected()).isEqualTo(1);
			});
	}

	@Test
	void defaultPoolTakesKeepAliveTimeoutAndMaxQueueWait() {
		this.contextRunner.withPropertyValues("tpool.keep-alive=5s", "tpool.timeout=2s", "tpool.max-queue-wait=500ms")
			.run((context) -> {
				Tpool tpool = context.getBean(Tpool.class);
				assertThat(tpool.keepAlive()).isEqualTo(Duration.ofSeconds(5));
				assertThat(tpool.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(tpool.maxQueueWait()).isEqualTo(Duration.ofMillis(500));
			});
	}

	@Test
	void callPastTheDefaultPoolsTimeoutGetsTpoolTimeoutException() {
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		this.contextRunner.withPropertyValues("tpool.timeout=200ms").run((context) -> {
			Tpool tpool = context.getBean(Tpool.class);
			assertTimeoutPreemptively(HANG, () -> assertThatExceptionOfType(TpoolTimeoutException.class)
				.isThrownBy(() -> tpool.execute(() -> sleepReportingInterrupt(interrupted))));
			assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Test
	void defaultPoolsThreadsEndAfterItsKeepAlive() {
		this.contextRunner.withPropertyValues("tpool.keep-alive=200ms", "tpool.thread-name-prefix=keep-alive-default-")
			.run((context) -> {
				Tpool tpool = context.getBean(Tpool.class);
				tpool.execute(() -> Thread.currentThread().getName());
				awaitUntil(() -> tpool.stats().threads() == 0);
				awaitUntil(() -> threadsNamed("keep-alive-default-").isEmpty());
			});
	}

	@Test
	void namedPoolsGetTheApplicationsTaskDecoratorAsTheDefaultPoolDoes() {
		ThreadLocal<String> decorated = new ThreadLocal<>();
		TaskDecorator decorator = (task) -> () -> {
			decorated.set("decorated");
			try {
				task.run();
			}
			finally {
				decorated.remove();
			}
		};
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=1")
			.withBean(TaskDecorator.class, () -> decorator)
			.run((context) -> {
				assertThat(context.getBean("duckdbTpool", Tpool.class).execute(decorated::get)).isEqualTo("decorated");
				assertThat(context.getBean("tpool", Tpool.class).execute(decorated::get)).isEqualTo("decorated");
			});
	}

	@Test
	void registeredThreadLocalReachesANamedPoolsTaskAndIsGoneAfterIt() {
		ThreadLocal<String> tenant = new ThreadLocal<>();
		ContextRegistry.getInstance().registerThreadLocalAccessor("tpool.test.named.tenant", tenant);
		try {
			this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=1").run((context) -> {
				Tpool duckdb = context.getBean("duckdbTpool", Tpool.class);
				tenant.set("acme");
				try {
					assertThat(duckdb.execute(tenant::get)).isEqualTo("acme");
				}
				finally {
					tenant.remove();
				}
				assertThat(duckdb.execute(tenant::get)).isNull();
			});
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor("tpool.test.named.tenant");
		}
	}

	@Test
	void callersMdcReachesANamedPoolsTaskAndIsGoneAfterItAsWithTheDefaultPool() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TpoolContextAutoConfiguration.class))
			.withPropertyValues("tpool.pools.duckdb.size=1")
			.run((context) -> {
				Tpool duckdb = context.getBean("duckdbTpool", Tpool.class);
				MDC.put("user", "ada");
				try {
					assertThat(duckdb.execute(() -> MDC.get("user"))).isEqualTo("ada");
					assertThat(context.getBean("tpool", Tpool.class).execute(() -> MDC.get("user"))).isEqualTo("ada");
				}
				finally {
					MDC.remove("user");
				}
				assertThat(duckdb.execute(() -> MDC.get("user"))).isNull();
			});
	}

	@Test
	void closingTheContextClosesEveryPoolAndLeavesNoPoolThreadAlive() {
		AtomicBoolean ran = new AtomicBoolean();
		Tpool[] pools = new Tpool[2];
		this.contextRunner.withPropertyValues("tpool.pools.closing-a.size=1", "tpool.pools.closing-b.size=1")
			.run((context) -> {
				pools[0] = context.getBean("closing-aTpool", Tpool.class);
				pools[1] = context.getBean("closing-bTpool", Tpool.class);
				pools[0].execute(() -> ran.set(true));
				pools[1].execute(() -> ran.set(true));
				assertThat(threadsNamed("closing-")).hasSize(2);
			});
		assertThat(ran).isTrue();
		assertThat(pools).allSatisfy((pool) -> assertThat(pool.isClosed()).isTrue());
		assertThat(threadsNamed("closing-")).isEmpty();
	}

	@Test
	void badValueOfANamedPoolFailsTheStartNamingItsFullKey() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.size=0").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith("The tpool setting tpool.pools.duckdb.size is '0'")
				.endsWith("but it must be from 1 to 10000.");
			assertThat(analysis.getAction())
				.isEqualTo("Set tpool.pools.duckdb.size to the number of pool threads (it must be from 1 to 10000), "
						+ "or remove it for 20.");
		});
	}

	@Test
	void zeroTimeoutOfANamedPoolFailsTheStartNamingItsFullKey() {
		this.contextRunner.withPropertyValues("tpool.pools.duckdb.timeout=0s").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith("The tpool setting tpool.pools.duckdb.timeout is '0s'")
				.endsWith("but it must be positive.");
			assertThat(analysis.getAction()).startsWith("Set tpool.pools.duckdb.timeout to the deadline of every call");
		});
	}

	@Test
	void poolNamedAfterTheDefaultPoolFailsTheStart() {
		this.contextRunner.withPropertyValues("tpool.pools.tpool.size=3").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("The tpool pool name 'tpool'")
				.contains("is the name of the default pool");
			assertThat(analysis.getAction()).contains("another name");
		});
	}

	@Test
	void poolWithAnInvalidNameFailsTheStart() {
		this.contextRunner.withPropertyValues("tpool.pools[my pool].size=3").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("The tpool pool name 'my pool'")
				.contains("is not valid: a pool name is letters, digits and dashes, starting with a letter");
		});
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new TpoolStartupFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static boolean sleepReportingInterrupt(CompletableFuture<Boolean> interrupted) {
		try {
			Thread.sleep(Duration.ofMinutes(1));
			interrupted.complete(false);
		}
		catch (InterruptedException ex) {
			interrupted.complete(true);
		}
		return true;
	}

	private static void awaitUntil(BooleanSupplier condition) {
		assertTimeoutPreemptively(HANG, () -> {
			while (!condition.getAsBoolean()) {
				Thread.sleep(10);
			}
		});
	}

	private static List<Thread> threadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith(prefix)).toList();
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> environment(
			Map<String, Object> variables) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
	}

	@Configuration(proxyBeanMethods = false)
	static class PoolUsersConfiguration {

		@Bean
		PoolUsers poolUsers(Tpool any, @Qualifier("duckdb") Tpool qualified) {
			return new PoolUsers(any, qualified);
		}

	}

	record PoolUsers(Tpool any, Tpool qualified) {

	}

}
