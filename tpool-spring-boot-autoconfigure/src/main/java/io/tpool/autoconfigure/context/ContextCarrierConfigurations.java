package io.tpool.autoconfigure.context;

import io.tpool.ContextCarrier;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The configurations imported by {@link TpoolContextAutoConfiguration}: one carrier per
 * kind of state, each where its library is on the class path, combined into the pool's
 * {@link ContextCarrier}. Attached in this order, detached in the reverse.
 */
final class ContextCarrierConfigurations {

	private ContextCarrierConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TransactionSynchronizationManager.class)
	static class TransactionConfiguration {

		@Bean
		@Order(0)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		ThreadStateCarrier tpoolTransactionStateCarrier() {
			return new TransactionStateCarrier();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RequestContextHolder.class)
	static class RequestConfiguration {

		@Bean
		@Order(1)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		ThreadStateCarrier tpoolRequestStateCarrier() {
			return new RequestStateCarrier();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LocaleConfiguration {

		@Bean
		@Order(2)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		ThreadStateCarrier tpoolLocaleStateCarrier() {
			return new LocaleStateCarrier();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MDC.class)
	static class MdcConfiguration {

		@Bean
		@Order(3)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		ThreadStateCarrier tpoolMdcStateCarrier() {
			return new MdcStateCarrier();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CallerContextConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		ContextCarrier tpoolContextCarrier(ObjectProvider<ThreadStateCarrier> carriers) {
			return new CallerContextCarrier(carriers.orderedStream().toList());
		}

	}

}
