package io.tpool.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.tpool.Autowrap;
import io.tpool.ContextCarrier;
import io.tpool.Tpool;
import io.tpool.autoconfigure.offload.OffloadBeanPostProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.function.SingletonSupplier;

/**
 * The configurations imported by {@link TpoolAutoConfiguration}.
 *
 * @author tpool
 */
final class TpoolConfigurations {

	private TpoolConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	static class PoolConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Tpool tpool(TpoolProperties properties, Environment environment, ObjectProvider<TaskDecorator> taskDecorator,
				ObjectProvider<ContextCarrier> contextCarrier) {
			return new TpoolFactory(properties, environment).create(taskDecorator.getIfUnique(),
					contextCarrier.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static OffloadBeanPostProcessor offloadBeanPostProcessor(ObjectProvider<Tpool> tpool, Environment environment) {
			return new OffloadBeanPostProcessor(SingletonSupplier.of(tpool::getObject), proxies(environment));
		}

		/**
		 * Binds {@code tpool.proxies} here rather than through {@link TpoolProperties}: a
		 * post-processor is created before configuration properties are bound.
		 */
		private static Map<String, Autowrap> proxies(Environment environment) {
			Map<String, TpoolProperties.Proxy> configured = Binder.get(environment)
				.bind("tpool.proxies", Bindable.mapOf(String.class, TpoolProperties.Proxy.class))
				.orElse(Map.of());
			Map<String, Autowrap> proxies = new LinkedHashMap<>();
			configured.forEach((beanName, proxy) -> {
				try {
					proxies.put(beanName, Autowrap.types(proxy.getAutowrap().toArray(Class<?>[]::new))
						.and(Autowrap.names(proxy.getAutowrapNames().toArray(String[]::new))));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidTpoolPropertyException("tpool.proxies." + beanName + ".autowrap",
							proxy.getAutowrap().stream().map(Class::getName).collect(Collectors.joining(",")),
							ex.getMessage(), "List only interfaces under tpool.proxies." + beanName
									+ ".autowrap, such as java.sql.Connection.",
							null);
				}
			});
			return proxies;
		}

	}

}
