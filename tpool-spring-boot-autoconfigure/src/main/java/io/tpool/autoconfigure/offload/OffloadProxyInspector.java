package io.tpool.autoconfigure.offload;

import io.tpool.ProxyInspector;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;

/**
 * Lets {@link Tpool#isProxy(Object)} and {@link Tpool#unwrap(Object)} see through the
 * Spring AOP proxies of the beans that this integration offloads ({@code @Offload} beans
 * and those named under {@code tpool.proxies}), whether the proxy was made for them or an
 * existing one got the offloading advice. Registered with
 * {@link java.util.ServiceLoader}.
 *
 * @since 0.3.0
 */
public final class OffloadProxyInspector implements ProxyInspector {

	@Override
	public @Nullable Object targetOf(Object object) {
		if (!(object instanceof Advised advised)) {
			return null;
		}
		for (Advisor advisor : advised.getAdvisors()) {
			if (advisor.getAdvice() instanceof OffloadInterceptor) {
				return AopProxyUtils.getSingletonTarget(object);
			}
		}
		return null;
	}

}
