package io.tpool.autoconfigure;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.tpool.ContextCarrier;
import io.tpool.Tpool;
import io.tpool.TpoolRegistry;
import io.tpool.autoconfigure.offload.ConfiguredProxies;
import io.tpool.autoconfigure.offload.OffloadBeanPostProcessor;
import io.tpool.autoconfigure.offload.OffloadInterceptor.Observations;
import io.tpool.autoconfigure.offload.OffloadObservationConvention;
import io.tpool.autoconfigure.offload.OffloadedBeans;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.function.SingletonSupplier;

/**
 * The configurations imported by {@link TpoolAutoConfiguration}.
 *
 * @since 0.1.0
 */
final class TpoolConfigurations {

	private TpoolConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	static class PoolConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Tpool tpool(TpoolProperties properties, Environment environment, ObjectProvider<TaskDecorator> taskDecorator,
				ObjectProvider<ContextCarrier> contextCarrier, ObjectProvider<TpoolBuilderCustomizer> customizers,
				ListableBeanFactory beanFactory) {
			return new TpoolFactory(properties, environment).create(taskDecorator.getIfUnique(),
					contextCarrier.getIfUnique(), TpoolBuilderCustomizers.of(customizers, beanFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(NamedPoolsRegistrar.class)
	static class NamedPoolsConfiguration {

		/**
		 * The pools by name: the default pool is the one {@code Tpool} bean that a plain
		 * injection point gets (named pools are not default candidates). Not its pools'
		 * closer: the context closes each pool after the beans that call through it.
		 */
		@Bean(destroyMethod = "")
		TpoolRegistry tpoolRegistry(ObjectProvider<Tpool> pools) {
			return TpoolRegistry.of(pools.getIfUnique(), pools.orderedStream(ObjectProvider.UNFILTERED).toList());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OffloadConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static OffloadedBeans tpoolOffloadedBeans() {
			return new OffloadedBeans();
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static OffloadBeanPostProcessor offloadBeanPostProcessor(ObjectProvider<TpoolRegistry> pools,
				ObjectProvider<ObservationRegistry> observationRegistry,
				ObjectProvider<OffloadObservationConvention> observationConvention,
				ObjectProvider<OffloadedBeans> offloadedBeans, Environment environment) {
			Supplier<Observations> observations = SingletonSupplier
				.of(() -> new Observations(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
						observationConvention.getIfUnique()));
			return new OffloadBeanPostProcessor(SingletonSupplier.of(pools::getObject), observations,
					ConfiguredProxies.bind(environment), SingletonSupplier.of(offloadedBeans::getObject));
		}

	}

}
