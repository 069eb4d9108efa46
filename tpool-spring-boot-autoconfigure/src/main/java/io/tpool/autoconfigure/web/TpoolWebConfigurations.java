package io.tpool.autoconfigure.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The configurations imported by {@link TpoolWebAutoConfiguration}.
 */
final class TpoolWebConfigurations {

	private TpoolWebConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	static class ServletConfiguration {

		@Bean
		ServletPoolUnavailableHandler tpoolPoolUnavailableHandler() {
			return new ServletPoolUnavailableHandler(new PoolUnavailableLog());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(DispatcherHandler.class)
	static class ReactiveConfiguration {

		@Bean
		ReactivePoolUnavailableHandler tpoolPoolUnavailableHandler() {
			return new ReactivePoolUnavailableHandler(new PoolUnavailableLog());
		}

	}

}
