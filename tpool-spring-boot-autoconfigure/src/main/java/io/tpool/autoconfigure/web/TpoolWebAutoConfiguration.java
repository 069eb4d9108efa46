package io.tpool.autoconfigure.web;

import io.tpool.autoconfigure.ConditionalOnTpoolEnabled;
import io.tpool.TpoolRejectedException;
import io.tpool.TpoolTimeoutException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the answer of a Spring MVC or WebFlux application to a
 * {@link TpoolTimeoutException} or a {@link TpoolRejectedException} that escapes a
 * handler: {@code 503 Service Unavailable} with a problem detail.
 *
 * @since 0.3.0
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnTpoolEnabled
@ConditionalOnBooleanProperty(name = "tpool.web.enabled", matchIfMissing = true)
@Import({ TpoolWebConfigurations.ServletConfiguration.class, TpoolWebConfigurations.ReactiveConfiguration.class })
public final class TpoolWebAutoConfiguration {

}
