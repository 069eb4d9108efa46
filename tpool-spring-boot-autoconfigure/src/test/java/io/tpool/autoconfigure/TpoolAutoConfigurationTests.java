package io.tpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.context.ContextRegistry;
import io.tpool.testsupport.H2Functions;
import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.offload.OffloadBeanPostProcessor;
import io.tpool.autoconfigure.offload.OffloadedBean;
import io.tpool.autoconfigure.offload.OffloadedBeans;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TpoolAutoConfiguration}.
 *
 * @since 0.1.0
 */
class TpoolAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class));

	@Test
	void poolIsNamedTpoolWithTwentyThreadsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(Tpool.class).hasBean("tpool");
			Tpool pool = context.getBean(Tpool.class);
			assertThat(pool.name()).isEqualTo("tpool");
			assertThat(pool.size()).isEqualTo(20);
			assertThat(pool.queueCapacity()).isNull();
			assertThat(pool.execute(() -> Thread.currentThread().getName())).startsWith("tpool-");
		});
	}

	@Test
	void poolIsConfiguredByProperties() {
		this.contextRunner
			.withPropertyValues("tpool.size=3", "tpool.queue-capacity=7", "tpool.thread-name-prefix=legacy-")
			.run((context) -> {
				Tpool pool = context.getBean(Tpool.class);
				assertThat(pool.size()).isEqualTo(3);
				assertThat(pool.queueCapacity()).isEqualTo(7);
				assertThat(pool.execute(() -> Thread.currentThread().getName())).startsWith("legacy-");
			});
	}

	@Test
	void sizeIsTakenFromTheTpoolSizeEnvironmentVariableByRelaxedBinding() {
		this.contextRunner.withInitializer(environment(Map.of("TPOOL_SIZE", "4")))
			.run((context) -> assertThat(context.getBean(Tpool.class).size()).isEqualTo(4));
	}

	@Test
	void shutdownAwaitTerminationPeriodBoundsHowLongClosingWaitsForARunningTask() throws Exception {
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		CountDownLatch started = new CountDownLatch(1);
		AtomicLong closing = new AtomicLong();
		this.contextRunner.withPropertyValues("tpool.shutdown.await-termination-period=100ms").run((context) -> {
			context.getBean(Tpool.class).submit(() -> {
				started.countDown();
				try {
					Thread.sleep(Duration.ofMinutes(1));
					interrupted.complete(false);
				}
				catch (InterruptedException ex) {
					interrupted.complete(true);
				}
				return null;
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			closing.set(System.nanoTime());
		});
		// the default period (30s) would keep the context closing for half a minute
		assertThat(Duration.ofNanos(System.nanoTime() - closing.get())).isLessThan(Duration.ofSeconds(10));
		assertThat(interrupted.get(10, TimeUnit.SECONDS)).as("interrupted when the context closed").isTrue();
	}

	@Test
	void userDefinedPoolWinsAndStillRunsOffloadedBeans() {
		this.contextRunner
			.withBean("myPool", Tpool.class,
					() -> Tpool.builder().name("mine").size(2).threadNamePrefix("mine-").build())
			.withUserConfiguration(OffloadedClassConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(Tpool.class).hasBean("myPool").doesNotHaveBean("tpool");
				assertThat(context.getBean(OffloadedClass.class).thread()).startsWith("mine-");
			});
	}

	@Test
	void disabledStarterHasNoPoolAndOffloadedBeansRunOnTheirCaller() {
		this.contextRunner.withPropertyValues("tpool.enabled=false")
			.withUserConfiguration(OffloadedClassConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(Tpool.class).doesNotHaveBean(OffloadBeanPostProcessor.class);
				assertThat(context.getBean(OffloadedClass.class).thread()).isEqualTo(Thread.currentThread().getName());
			});
	}

	@Test
	void noExecutorOrTaskExecutorBeanIsDefined() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(java.util.concurrent.Executor.class);
			assertThat(context).doesNotHaveBean(TaskExecutor.class);
		});
	}

	@Test
	void offloadOnAClassRunsEveryPublicMethodOnThePool() {
		this.contextRunner.withUserConfiguration(OffloadedClassConfiguration.class).run((context) -> {
			OffloadedClass bean = context.getBean(OffloadedClass.class);
			assertThat(AopUtils.isCglibProxy(bean)).isTrue();
			assertThat(bean.thread()).startsWith("tpool-");
			assertThat(bean.other()).startsWith("tpool-");
		});
	}

	@Test
	void offloadOnAMethodRunsOnlyThatMethodOnThePool() {
		this.contextRunner.withUserConfiguration(OffloadedMethodConfiguration.class).run((context) -> {
			OffloadedMethod bean = context.getBean(OffloadedMethod.class);
			assertThat(bean.offloaded()).startsWith("tpool-");
			assertThat(bean.onCaller()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void offloadOnABeanFactoryMethodRunsTheBeanOnThePool() {
		this.contextRunner.withUserConfiguration(OffloadedFactoryMethodConfiguration.class).run((context) -> {
			Plain bean = context.getBean("plain", Plain.class);
			assertThat(bean.thread()).startsWith("tpool-");
			assertThat(context.getBean("unmarked", Plain.class).thread()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void configurationWithAnOffloadBeanMethodIsNotProxiedItself() {
		this.contextRunner.withUserConfiguration(OffloadedFactoryMethodConfiguration.class).run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(OffloadedFactoryMethodConfiguration.class))).isFalse();
			assertThat(context.getBean(OffloadedBeans.class).list()).extracting(OffloadedBean::bean)
				.containsExactly("plain");
		});
	}

	@Test
	void offloadedBeanWithAnInterfaceIsProxiedByItsInterface() {
		this.contextRunner.withUserConfiguration(OffloadedInterfaceConfiguration.class).run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
			assertThat(greeter.greet()).startsWith("hello from tpool-");
		});
	}

	@Test
	void offloadAutowrapProxiesTheValuesThatTheAnnotationNames() {
		this.contextRunner.withUserConfiguration(OffloadedMethodConfiguration.class).run((context) -> {
			Iterator<String> threads = context.getBean(OffloadedMethod.class).threads();
			assertThat(Tpool.isProxy(threads)).isTrue();
			assertThat(threads.next()).startsWith("tpool-");
		});
	}

	@Test
	void offloadAutowrapOfAClassFailsTheStartNamingTheBean() {
		this.contextRunner.withUserConfiguration(InvalidAutowrapConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("java.util.ArrayList")
				.hasMessageContaining("interface");
			assertThat(context.getStartupFailure()).hasMessageContaining("invalidAutowrap");
		});
	}

	@Test
	void finalClassMarkedOffloadFailsTheStartNamingTheBean() {
		this.contextRunner.withUserConfiguration(FinalOffloadedConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'finalOffloaded'")
				.hasMessageContaining(FinalOffloaded.class.getName())
				.hasMessageContaining("final");
		});
	}

	@Test
	void configuredProxyOfBootsDataSourceRunsJdbcTemplateSqlOnThePool() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:configured-proxy",
					"tpool.proxies.dataSource.autowrap=java.sql.Connection,java.sql.Statement,"
							+ "java.sql.PreparedStatement,java.sql.ResultSet")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				jdbc.execute(H2Functions.CREATE_THREAD_NAME);
				assertThat(jdbc.queryForObject("SELECT THREAD_NAME()", String.class)).startsWith("tpool-");
				assertThat(jdbc.queryForObject("SELECT THREAD_NAME() WHERE ? = 1", String.class, 1))
					.startsWith("tpool-");
				assertThat(context.getBean(OffloadedBeans.class).list())
					.extracting(OffloadedBean::bean, OffloadedBean::reason)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("dataSource", "tpool.proxies"));
			});
	}

	@Test
	void configuredProxyNameFromAnEnvironmentVariableMatchesIgnoringCase() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:environment-proxy")
			.withInitializer(environment(Map.of("TPOOL_PROXIES_DATASOURCE_AUTOWRAP",
					"java.sql.Connection,java.sql.Statement,java.sql.ResultSet")))
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				jdbc.execute(H2Functions.CREATE_THREAD_NAME);
				assertThat(jdbc.queryForObject("SELECT THREAD_NAME()", String.class)).startsWith("tpool-");
			});
	}

	@Test
	void transactionalMethodOfAnOffloadedBeanStartsItsTransactionOnThePoolThread() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:transactional")
			.withUserConfiguration(TransactionalConfiguration.class)
			.run((context) -> {
				TransactionalService service = context.getBean(TransactionalService.class);
				assertThat(service.inTransaction()).startsWith("true on tpool-");
				assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
			});
	}

	@Test
	void applicationsTaskDecoratorDecoratesEveryTask() {
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
		this.contextRunner.withBean(TaskDecorator.class, () -> decorator)
			.withUserConfiguration(OffloadedClassConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(Tpool.class).execute(decorated::get)).isEqualTo("decorated");
				assertThat(context.getBean(OffloadedClass.class).call(decorated::get)).isEqualTo("decorated");
			});
	}

	@Test
	void registeredThreadLocalReachesTheTaskAndIsGoneForTheNextTaskOnTheSameThread() {
		ThreadLocal<String> tenant = new ThreadLocal<>();
		ContextRegistry.getInstance().registerThreadLocalAccessor("tpool.test.tenant", tenant);
		try {
			this.contextRunner.withPropertyValues("tpool.size=1")
				.withUserConfiguration(OffloadedClassConfiguration.class)
				.run((context) -> {
					OffloadedClass bean = context.getBean(OffloadedClass.class);
					Tpool pool = context.getBean(Tpool.class);
					tenant.set("acme");
					try {
						assertThat(bean.call(tenant::get)).isEqualTo("acme");
						assertThat(pool.execute(tenant::get)).isEqualTo("acme");
						assertThat(pool.submit(tenant::get).join()).isEqualTo("acme");
					}
					finally {
						tenant.remove();
					}
					assertThat(bean.call(tenant::get)).isNull();
					assertThat(pool.execute(tenant::get)).isNull();
				});
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor("tpool.test.tenant");
		}
	}

	@Test
	void closingTheContextLeavesNoPoolThreadAlive() {
		AtomicBoolean ran = new AtomicBoolean();
		this.contextRunner.withPropertyValues("tpool.thread-name-prefix=closing-context-").run((context) -> {
			context.getBean(Tpool.class).execute(() -> ran.set(true));
			assertThat(poolThreads("closing-context-")).isNotEmpty();
		});
		assertThat(ran).isTrue();
		assertThat(poolThreads("closing-context-")).isEmpty();
	}

	@Test
	void fiveThousandVirtualCallersThroughAnOffloadedBeanAllRunOnThePool() {
		this.contextRunner.withUserConfiguration(OffloadedClassConfiguration.class).run((context) -> {
			OffloadedClass bean = context.getBean(OffloadedClass.class);
			List<Future<String>> threads = new ArrayList<>();
			try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < 5000; i++) {
					threads.add(callers.submit(bean::thread));
				}
			}
			for (Future<String> thread : threads) {
				assertThat(thread.resultNow()).startsWith("tpool-");
			}
			assertThat(context.getBean(Tpool.class).stats().completed()).isEqualTo(5000);
		});
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new TpoolStartupFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static List<Thread> poolThreads(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith(prefix)).toList();
	}

	private static org.springframework.context.ApplicationContextInitializer<org.springframework.context.ConfigurableApplicationContext> environment(
			Map<String, Object> variables) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadedClassConfiguration {

		@Bean
		OffloadedClass offloadedClass() {
			return new OffloadedClass();
		}

	}

	@Offload
	static class OffloadedClass {

		public String thread() {
			return Thread.currentThread().getName();
		}

		public String other() {
			return Thread.currentThread().getName();
		}

		public <T> T call(Callable<T> callable) throws Exception {
			return callable.call();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadedMethodConfiguration {

		@Bean
		OffloadedMethod offloadedMethod() {
			return new OffloadedMethod();
		}

	}

	static class OffloadedMethod {

		@Offload
		public String offloaded() {
			return Thread.currentThread().getName();
		}

		public String onCaller() {
			return Thread.currentThread().getName();
		}

		@Offload(autowrap = Iterator.class)
		public Iterator<String> threads() {
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					return true;
				}

				@Override
				public String next() {
					return Thread.currentThread().getName();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadedFactoryMethodConfiguration {

		@Bean
		@Offload
		Plain plain() {
			return new Plain();
		}

		@Bean
		Plain unmarked() {
			return new Plain();
		}

	}

	static class Plain {

		public String thread() {
			return Thread.currentThread().getName();
		}

	}

	interface Greeter {

		String greet();

	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadedInterfaceConfiguration {

		@Bean
		Greeter greeter() {
			return new OffloadedGreeter();
		}

	}

	@Offload
	static class OffloadedGreeter implements Greeter {

		@Override
		public String greet() {
			return "hello from " + Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InvalidAutowrapConfiguration {

		@Bean
		InvalidAutowrap invalidAutowrap() {
			return new InvalidAutowrap();
		}

	}

	static class InvalidAutowrap {

		@Offload(autowrap = ArrayList.class)
		public List<String> list() {
			return new ArrayList<>();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalOffloadedConfiguration {

		@Bean
		FinalOffloaded finalOffloaded() {
			return new FinalOffloaded();
		}

	}

	@Offload
	static final class FinalOffloaded {

		public String thread() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionalConfiguration {

		@Bean
		TransactionalService transactionalService() {
			return new TransactionalService();
		}

	}

	@Offload
	static class TransactionalService {

		@Transactional
		public String inTransaction() {
			return TransactionSynchronizationManager.isActualTransactionActive() + " on "
					+ Thread.currentThread().getName();
		}

	}

}
