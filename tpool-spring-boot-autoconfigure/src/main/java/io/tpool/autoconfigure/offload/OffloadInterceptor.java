package io.tpool.autoconfigure.offload;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.tpool.Autowrap;
import io.tpool.Offload;
import io.tpool.Offloader;
import io.tpool.Tpool;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs a method invocation on the pool, then autowraps its value: the Spring side of
 * {@link Offloader}, the mechanism that tpool proxies use too. The autowrap of a call is
 * the bean's own (from {@code tpool.proxies} or an {@code @Offload} factory method)
 * joined with those of the {@link Offload} annotations on the method and its class.
 *
 * @author tpool
 */
public final class OffloadInterceptor implements MethodInterceptor {

	private final Supplier<Tpool> pool;

	private final Autowrap beanAutowrap;

	private final Map<MethodClassKey, Autowrap> autowraps = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param pool the pool, resolved at the first call
	 * @param beanAutowrap the autowrap of every call, beside the annotations'
	 */
	public OffloadInterceptor(Supplier<Tpool> pool, Autowrap beanAutowrap) {
		this.pool = pool;
		this.beanAutowrap = beanAutowrap;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Autowrap autowrap = this.autowraps.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> this.beanAutowrap.and(annotatedAutowrap(method, targetClass)));
		return new Offloader(this.pool.get(), autowrap).invoke(method, invocation::proceed);
	}

	/**
	 * The autowrap that the {@link Offload} annotations of a method and its class ask
	 * for.
	 * @param method the method
	 * @param targetClass the class of the bean
	 * @return the autowrap
	 * @throws IllegalArgumentException if an autowrap type is not an interface
	 */
	static Autowrap annotatedAutowrap(Method method, Class<?> targetClass) {
		Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
		return autowrap(AnnotatedElementUtils.findMergedAnnotation(specificMethod, Offload.class))
			.and(autowrap(AnnotatedElementUtils.findMergedAnnotation(targetClass, Offload.class)));
	}

	static Autowrap autowrap(@Nullable Offload offload) {
		if (offload == null) {
			return Autowrap.none();
		}
		return Autowrap.types(offload.autowrap()).and(Autowrap.names(offload.autowrapNames()));
	}

}
