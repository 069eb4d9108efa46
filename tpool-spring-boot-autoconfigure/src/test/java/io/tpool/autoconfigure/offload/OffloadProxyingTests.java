package io.tpool.autoconfigure.offload;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.TpoolStartupFailureAnalyzer;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for the proxying rules of {@code @Offload}: with {@code @Async}, on methods that
 * no proxy can intercept, on final classes and records. Spring Boot's AOP
 * auto-configuration proxies classes rather than interfaces, as in an application.
 */
class OffloadProxyingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TpoolAutoConfiguration.class));

	@Test
	void asyncAndOffloadOnOneMethodRunTheBodyOnAPoolThread() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AsyncClient client = context.getBean(AsyncClient.class);
			String thread = assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> client.both().get(20, TimeUnit.SECONDS));
			assertThat(thread).startsWith("tpool-");
			assertThat(offloaded(context, "asyncClient").methods()).containsExactly("both", "waitFor");
		});
	}

	@Test
	void asyncMethodOfAnOffloadedBeanStillReturnsAtOnce() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			AsyncClient client = context.getBean(AsyncClient.class);
			CompletableFuture<String> released = new CompletableFuture<>();
			CompletableFuture<String> future = client.waitFor(released);
			assertThat(future).isNotDone();
			released.complete("released");
			assertThat(future.get(20, TimeUnit.SECONDS)).startsWith("released on tpool-");
		});
	}

	@Test
	void tpoolSeesThroughTheProxyOfAnOffloadedBeanWhetherMadeForItOrAnExistingOne() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class)
			.withBean("finalGreeter", Greeter.class, FinalGreeter::new)
			.withBean("withProtected", WithProtected.class)
			.run((context) -> {
				// An existing proxy (@Async's) that got the offloading advice.
				AsyncClient client = context.getBean(AsyncClient.class);
				assertThat(Tpool.isProxy(client)).isTrue();
				assertThat(Tpool.unwrap(client)).isNotSameAs(client).isInstanceOf(AsyncClient.class);
				assertThat(AopUtils.isAopProxy(Tpool.unwrap(client))).isFalse();
				// An interface proxy and a class proxy made for offloading.
				Greeter greeter = context.getBean(Greeter.class);
				assertThat(Tpool.isProxy(greeter)).isTrue();
				assertThat(Tpool.unwrap(greeter)).isInstanceOf(FinalGreeter.class);
				WithProtected withProtected = context.getBean(WithProtected.class);
				assertThat(Tpool.isProxy(withProtected)).isTrue();
				assertThat(Tpool.unwrap(withProtected).getClass()).isEqualTo(WithProtected.class);
				assertThat(Tpool.isProxy(context.getBean(Tpool.class))).isFalse();
			});
	}

	@Test
	void offloadOnAFinalMethodFailsTheStartNamingTheBeanAndTheMethod() {
		this.contextRunner.withBean("finalMethod", FinalMethod.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("'finalMethod'")
				.contains(FinalMethod.class.getName() + ".query()")
				.contains("it is final");
			assertThat(analysis.getAction()).contains("Remove final from");
		});
	}

	@Test
	void offloadOnAStaticMethodFailsTheStartNamingTheBeanAndTheMethod() {
		this.contextRunner.withBean("staticMethod", StaticMethod.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("'staticMethod'")
				.contains(StaticMethod.class.getName() + ".query(int)")
				.contains("it is static");
			assertThat(analysis.getAction()).contains("instance method");
		});
	}

	@Test
	void offloadOnAPrivateMethodFailsTheStartNamingTheBeanAndTheMethod() {
		this.contextRunner.withBean("privateMethod", PrivateMethod.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("'privateMethod'")
				.contains(PrivateMethod.class.getName() + ".query()")
				.contains("it is private");
			assertThat(analysis.getAction()).contains("public or protected");
		});
	}

	@Test
	void publicFinalMethodOfAClassMarkedOffloadFailsTheStart() {
		this.contextRunner.withBean("finalInOffloadedClass", FinalInOffloadedClass.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("'finalInOffloadedClass'")
				.contains(FinalInOffloadedClass.class.getName() + ".version()")
				.contains("it is final");
		});
	}

	@Test
	void offloadOnAMethodThatTheProxiedInterfacesDoNotDeclareFailsTheStart() {
		this.contextRunner.withBean("finalGreeterWithExtra", Greeter.class, FinalGreeterWithExtra::new)
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("'finalGreeterWithExtra'")
					.contains(FinalGreeterWithExtra.class.getName() + ".extra()")
					.contains("not declared by the interface through which the bean is proxied")
					.contains(Greeter.class.getName());
				assertThat(analysis.getAction()).contains("Declare extra in one of " + Greeter.class.getName());
			});
	}

	@Test
	void finalClassThatImplementsAnInterfaceIsProxiedThroughIt() {
		this.contextRunner.withBean("finalGreeter", Greeter.class, FinalGreeter::new).run((context) -> {
			assertThat(context).hasNotFailed();
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
			assertThat(greeter.greet()).startsWith("hello from tpool-");
			assertThat(offloaded(context, "finalGreeter").methods()).containsExactly("greet");
		});
	}

	@Test
	void recordThatImplementsAnInterfaceIsProxiedThroughIt() {
		this.contextRunner.withUserConfiguration(RecordConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(greeter.greet()).startsWith("hi from tpool-");
			assertThat(offloaded(context, "greeting").methods()).containsExactly("greet");
		});
	}

	@Test
	void recordWithoutInterfacesFailsTheStartSayingSo() {
		this.contextRunner.withBean("lonelyRecord", LonelyRecord.class, () -> new LonelyRecord("alone"))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("'lonelyRecord'")
					.contains("record " + LonelyRecord.class.getName())
					.contains("it implements none");
				assertThat(analysis.getAction()).contains("implement an interface");
			});
	}

	@Test
	void finalClassWithoutInterfacesFailsTheStartSayingSo() {
		this.contextRunner.withBean("finalClass", FinalClass.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("'finalClass'")
				.contains("final class " + FinalClass.class.getName())
				.contains("it implements none");
		});
	}

	@Test
	void protectedOffloadedMethodRunsOnThePoolAndIsListed() {
		this.contextRunner.withBean("withProtected", WithProtected.class).run((context) -> {
			assertThat(context.getBean(WithProtected.class).internal()).startsWith("tpool-");
			assertThat(context.getBean(WithProtected.class).local()).isEqualTo(Thread.currentThread().getName());
			assertThat(offloaded(context, "withProtected").methods()).containsExactly("internal");
		});
	}

	static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new TpoolStartupFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	static OffloadedBean offloaded(AssertableApplicationContext context, String bean) {
		return context.getBean(OffloadedBeans.class)
			.list()
			.stream()
			.filter((offloaded) -> offloaded.bean().equals(bean))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncClient asyncClient() {
			return new AsyncClient();
		}

	}

	static class AsyncClient {

		@Async
		@Offload
		public CompletableFuture<String> both() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@Async
		@Offload
		public CompletableFuture<String> waitFor(CompletableFuture<String> released) {
			return CompletableFuture.completedFuture(released.join() + " on " + Thread.currentThread().getName());
		}

	}

	static class FinalMethod {

		@Offload
		public final String query() {
			return Thread.currentThread().getName();
		}

	}

	static class StaticMethod {

		@Offload
		public static String query(int id) {
			return Thread.currentThread().getName() + id;
		}

	}

	static class PrivateMethod {

		public String call() {
			return query();
		}

		@Offload
		private String query() {
			return Thread.currentThread().getName();
		}

	}

	@Offload
	static class FinalInOffloadedClass {

		public String query() {
			return Thread.currentThread().getName();
		}

		public final String version() {
			return "1";
		}

	}

	static class WithProtected {

		public String local() {
			return Thread.currentThread().getName();
		}

		@Offload
		protected String internal() {
			return Thread.currentThread().getName();
		}

	}

	interface Greeter {

		String greet();

	}

	@Offload
	static final class FinalGreeter implements Greeter {

		@Override
		public String greet() {
			return "hello from " + Thread.currentThread().getName();
		}

	}

	static final class FinalGreeterWithExtra implements Greeter {

		@Override
		@Offload
		public String greet() {
			return "hello from " + Thread.currentThread().getName();
		}

		@Offload
		public String extra() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordConfiguration {

		@Bean
		Greeting greeting() {
			return new Greeting("hi");
		}

	}

	@Offload
	record Greeting(String text) implements Greeter {

		@Override
		public String greet() {
			return this.text + " from " + Thread.currentThread().getName();
		}

	}

	@Offload
	record LonelyRecord(String text) {

	}

	@Offload
	static final class FinalClass {

		public String thread() {
			return Thread.currentThread().getName();
		}

	}

}
