package io.tpool.autoconfigure.context;

import java.time.Duration;

import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.annotation.RequestScope;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for an offloaded call made while a web request is handled: the request's
 * attributes, its request-scoped beans and its locale are there on the pool thread.
 */
class OffloadedWebRequestTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class))
		.withUserConfiguration(GreetingConfiguration.class)
		.withPropertyValues("tpool.size=1");

	@Test
	void requestScopedBeanAndLocaleWorkInsideTheOffloadedCall() {
		run((context, mvc) -> mvc
			.perform(get("/greeting").header("X-Visitor", "Ada").header("Accept-Language", "ja-JP"))
			.andExpect(status().isOk())
			.andExpect(content().string("Ada (ja-JP) on tpool-1")));
	}

	@Test
	void requestAndLocaleAreGoneFromThePoolThreadAfterTheCall() {
		run((context, mvc) -> {
			mvc.perform(get("/greeting").header("X-Visitor", "Ada").header("Accept-Language", "ja-JP"))
				.andExpect(status().isOk());
			Tpool pool = context.getBean(Tpool.class);
			assertThat(pool.execute(RequestContextHolder::getRequestAttributes)).isNull();
			assertThat(pool.execute(LocaleContextHolder::getLocaleContext)).isNull();
		});
	}

	@Test
	void submitCarriesTheResolvedLocaleButNotTheRequest() {
		run((context, mvc) -> mvc.perform(get("/submitted").header("Accept-Language", "fr-FR"))
			.andExpect(status().isOk())
			.andExpect(content().string("request: false, locale: fr-FR")));
	}

	private void run(MockMvcTest test) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> test.accept(context, mvc));
		});
	}

	@FunctionalInterface
	interface MockMvcTest {

		void accept(AssertableWebApplicationContext context, MockMvc mvc) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfiguration {

		@Bean
		@RequestScope
		Visitor visitor() {
			ServletRequestAttributes attributes = (ServletRequestAttributes) RequestContextHolder
				.currentRequestAttributes();
			return new Visitor(attributes.getRequest().getHeader("X-Visitor"));
		}

		@Bean
		Greeter greeter(Visitor visitor) {
			return new Greeter(visitor);
		}

		@Bean
		GreetingController greetingController(Greeter greeter, Tpool pool) {
			return new GreetingController(greeter, pool);
		}

	}

	public static class Visitor {

		private final String name;

		public Visitor(String name) {
			this.name = name;
		}

		public String name() {
			return this.name;
		}

	}

	/** Greets the visitor of the current request, on the pool. */
	@Offload
	public static class Greeter {

		private final Visitor visitor;

		public Greeter(Visitor visitor) {
			this.visitor = visitor;
		}

		public String greet() {
			return this.visitor.name() + " (" + LocaleContextHolder.getLocale().toLanguageTag() + ") on "
					+ Thread.currentThread().getName();
		}

	}

	@RestController
	static class GreetingController {

		private final Greeter greeter;

		private final Tpool pool;

		GreetingController(Greeter greeter, Tpool pool) {
			this.greeter = greeter;
			this.pool = pool;
		}

		@GetMapping("/greeting")
		String greeting() {
			return this.greeter.greet();
		}

		@GetMapping("/submitted")
		String submitted() {
			return this.pool
				.submit(() -> "request: " + (RequestContextHolder.getRequestAttributes() != null) + ", locale: "
						+ LocaleContextHolder.getLocale().toLanguageTag())
				.join();
		}

	}

}
