package io.tpool.autoconfigure.endpoint;

import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.tpool.Offload;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.watchdog.TpoolWatchdogAutoConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TpoolEndpoint} and its auto-configuration.
 *
 * @since 0.1.0
 */
class TpoolEndpointTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolWatchdogAutoConfiguration.class,
				TpoolEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=tpool", "tpool.size=3",
				"tpool.queue-capacity=9");

	@Test
	void endpointIsNotAvailableUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TpoolEndpoint.class));
	}

	@Test
	void endpointAnswersThePoolsStateAndTheOffloadedBeansAsJson() {
		this.contextRunner.withUserConfiguration(OffloadedConfiguration.class).run((context) -> {
			context.getBean(Legacy.class).query();
			String json = JsonMapper.builder().build().writeValueAsString(context.getBean(TpoolEndpoint.class).tpool());
			DocumentContext document = JsonPath.parse(json);
			assertThat(document.read("$.pools.length()", Integer.class)).isEqualTo(1);
			assertThat(document.read("$.pools[0].name", String.class)).isEqualTo("tpool");
			assertThat(document.read("$.pools[0].size", Integer.class)).isEqualTo(3);
			assertThat(document.read("$.pools[0].queueCapacity", Integer.class)).isEqualTo(9);
			assertThat(document.read("$.pools[0].closed", Boolean.class)).isFalse();
			assertThat(document.read("$.pools[0].completed", Integer.class)).isEqualTo(1);
			assertThat(document.read("$.pools[0].saturation", Double.class)).isZero();
			assertThat(document.read("$.offloaded[0].bean", String.class)).isEqualTo("legacy");
			assertThat(document.read("$.offloaded[0].reason", String.class)).isEqualTo("@Offload on methods");
			assertThat(document.read("$.offloaded[0].methods[0]", String.class)).isEqualTo("query");
			assertThat(document.read("$.offloaded[0].methods.length()", Integer.class)).isEqualTo(1);
			assertThat(document.read("$.watchdog.running", Boolean.class)).isTrue();
			assertThat(document.read("$.watchdog.source", String.class)).isEqualTo("SCHEDULER_MXBEAN");
			assertThat(document.read("$.watchdog.findings.length()", Integer.class)).isZero();
		});
	}

	@Test
	void endpointListsAProtectedOffloadedMethod() {
		this.contextRunner.withBean("withProtected", WithProtected.class).run((context) -> {
			DocumentContext document = JsonPath.parse(json(context.getBean(TpoolEndpoint.class)));
			assertThat(document.read("$.offloaded[0].bean", String.class)).isEqualTo("withProtected");
			assertThat(document.read("$.offloaded[0].methods", List.class)).containsExactly("internal", "query");
		});
	}

	@Test
	void endpointDoesNotListAFinalMethodOfABeanOffloadedAsAWhole() {
		this.contextRunner.withUserConfiguration(WholeBeanConfiguration.class)
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.run((context) -> {
				assertThat(context.getBean(WithFinal.class).version()).isEqualTo(Thread.currentThread().getName());
				DocumentContext document = JsonPath.parse(json(context.getBean(TpoolEndpoint.class)));
				assertThat(document.read("$.offloaded[0].bean", String.class)).isEqualTo("withFinal");
				assertThat(document.read("$.offloaded[0].methods", List.class)).containsExactly("query");
			});
	}

	private static String json(TpoolEndpoint endpoint) {
		return JsonMapper.builder().build().writeValueAsString(endpoint.tpool());
	}

	@Configuration(proxyBeanMethods = false)
	static class WholeBeanConfiguration {

		@Bean
		@Offload
		WithFinal withFinal() {
			return new WithFinal();
		}

	}

	static class WithFinal {

		public String query() {
			return Thread.currentThread().getName();
		}

		public final String version() {
			return Thread.currentThread().getName();
		}

	}

	static class WithProtected {

		@Offload
		public String query() {
			return Thread.currentThread().getName();
		}

		@Offload
		protected String internal() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadedConfiguration {

		@Bean
		Legacy legacy() {
			return new Legacy();
		}

	}

	static class Legacy {

		@Offload
		public String query() {
			return Thread.currentThread().getName();
		}

		public String local() {
			return Thread.currentThread().getName();
		}

	}

}
