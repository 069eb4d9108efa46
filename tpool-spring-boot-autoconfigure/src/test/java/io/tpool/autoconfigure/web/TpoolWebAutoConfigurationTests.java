package io.tpool.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TpoolWebAutoConfiguration}: which applications get the 503 answer.
 * What the answer is, through real servers, is in
 * {@link ServletPoolUnavailableHandlerTests} and
 * {@link ReactivePoolUnavailableHandlerTests}.
 */
class TpoolWebAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(TpoolWebAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationGetsTheSpringMvcAdvice() {
		this.servlet.run((context) -> assertThat(context).hasSingleBean(ServletPoolUnavailableHandler.class)
			.doesNotHaveBean(ReactivePoolUnavailableHandler.class));
	}

	@Test
	void reactiveApplicationGetsTheWebFluxAdvice() {
		this.reactive.run((context) -> assertThat(context).hasSingleBean(ReactivePoolUnavailableHandler.class)
			.doesNotHaveBean(ServletPoolUnavailableHandler.class));
	}

	@Test
	void applicationThatIsNoWebApplicationGetsNoAdvice() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).doesNotHaveBean(ServletPoolUnavailableHandler.class)
				.doesNotHaveBean(ReactivePoolUnavailableHandler.class));
	}

	@Test
	void webEnabledFalseTurnsTheAnswerOffInBothStacks() {
		this.servlet.withPropertyValues("tpool.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServletPoolUnavailableHandler.class));
		this.reactive.withPropertyValues("tpool.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactivePoolUnavailableHandler.class));
	}

	@Test
	void tpoolEnabledFalseTurnsTheAnswerOffWithTheRestOfTheStarter() {
		this.servlet.withPropertyValues("tpool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServletPoolUnavailableHandler.class));
		this.reactive.withPropertyValues("tpool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactivePoolUnavailableHandler.class));
	}

	@Test
	void servletApplicationWithoutSpringMvcGetsNoAdvice() {
		this.servlet.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServletPoolUnavailableHandler.class));
	}

	@Test
	void reactiveApplicationWithoutWebFluxGetsNoAdvice() {
		this.reactive.withClassLoader(new FilteredClassLoader(DispatcherHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactivePoolUnavailableHandler.class));
	}

}
