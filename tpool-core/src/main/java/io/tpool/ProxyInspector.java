package io.tpool;

import org.jspecify.annotations.Nullable;

/**
 * Lets {@link Tpool#isProxy(Object)} and {@link Tpool#unwrap(Object)} see through the
 * proxies that an integration makes to offload calls, such as the Spring AOP proxies of
 * {@code @Offload} beans and of the beans named under {@code tpool.proxies}. An
 * integration registers its inspector with {@link java.util.ServiceLoader}, in
 * {@code META-INF/services/io.tpool.ProxyInspector}; applications need none.
 *
 * @since 0.3.0
 */
public interface ProxyInspector {

	/**
	 * The target of a proxy that this integration made to offload calls.
	 * @param object any object
	 * @return the object that the proxy calls, or {@code null} if {@code object} is not
	 * such a proxy
	 */
	@Nullable Object targetOf(Object object);

}
