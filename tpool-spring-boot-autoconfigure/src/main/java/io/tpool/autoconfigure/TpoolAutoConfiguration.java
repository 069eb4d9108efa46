package io.tpool.autoconfigure;

import io.tpool.Offload;
import io.tpool.Tpool;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the default {@link Tpool}, the named pools under
 * {@code tpool.pools}, and of the offloading of {@link Offload @Offload} beans and the
 * beans named under {@code tpool.proxies}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnTpoolEnabled
@EnableConfigurationProperties(TpoolProperties.class)
@Import({ TpoolConfigurations.PoolConfiguration.class, TpoolConfigurations.NamedPoolsConfiguration.class,
		TpoolConfigurations.OffloadConfiguration.class })
public final class TpoolAutoConfiguration {

}
