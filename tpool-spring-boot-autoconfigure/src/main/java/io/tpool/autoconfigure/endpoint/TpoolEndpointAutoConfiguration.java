package io.tpool.autoconfigure.endpoint;

import java.util.List;

import io.tpool.autoconfigure.ConditionalOnTpoolEnabled;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.TpoolRegistry;
import io.tpool.autoconfigure.offload.OffloadedBeans;
import io.tpool.watchdog.CarrierWatchdog;
import io.tpool.autoconfigure.watchdog.TpoolWatchdogAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code tpool} actuator endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { TpoolAutoConfiguration.class, TpoolWatchdogAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(TpoolRegistry.class)
@ConditionalOnAvailableEndpoint(TpoolEndpoint.class)
@ConditionalOnTpoolEnabled
public final class TpoolEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TpoolEndpoint tpoolEndpoint(TpoolRegistry pools, ObjectProvider<OffloadedBeans> offloaded,
			ObjectProvider<CarrierWatchdog> watchdog) {
		return new TpoolEndpoint(pools, () -> {
			OffloadedBeans beans = offloaded.getIfAvailable();
			return (beans != null) ? beans.list() : List.of();
		}, watchdog.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TpoolEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	TpoolEndpointWebExtension tpoolEndpointWebExtension(TpoolEndpoint endpoint) {
		return new TpoolEndpointWebExtension(endpoint);
	}

}
