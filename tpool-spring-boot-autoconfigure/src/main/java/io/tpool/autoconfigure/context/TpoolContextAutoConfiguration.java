package io.tpool.autoconfigure.context;

import io.tpool.autoconfigure.ConditionalOnTpoolEnabled;
import io.tpool.ContextCarrier;
import io.tpool.autoconfigure.TpoolAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link ContextCarrier} through which an offloaded call keeps
 * its caller's semantics: the caller's transaction, MDC, request and locale are present
 * on the pool thread for the call, and gone from it after.
 *
 * @since 0.2.0
 */
@AutoConfiguration(before = TpoolAutoConfiguration.class)
@ConditionalOnTpoolEnabled
@Import({ ContextCarrierConfigurations.TransactionConfiguration.class,
		ContextCarrierConfigurations.MdcConfiguration.class, ContextCarrierConfigurations.RequestConfiguration.class,
		ContextCarrierConfigurations.LocaleConfiguration.class,
		ContextCarrierConfigurations.CallerContextConfiguration.class })
public final class TpoolContextAutoConfiguration {

}
