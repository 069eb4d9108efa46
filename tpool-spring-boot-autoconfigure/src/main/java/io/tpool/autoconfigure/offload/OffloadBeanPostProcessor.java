package io.tpool.autoconfigure.offload;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.tpool.Autowrap;
import io.tpool.Offload;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcher;
import org.springframework.aop.support.annotation.AnnotationClassFilter;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.core.SmartClassLoader;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Proxies the beans whose methods run on the pool: beans whose class or methods carry
 * {@link Offload}, beans made by an {@code @Offload} factory method, and the beans named
 * under {@code tpool.proxies}. Beans with or without interfaces are proxied by Spring
 * AOP's own rules; an existing proxy gets the offloading advice in front of its other
 * advisors, so that they run on the pool thread (a transaction starts there).
 *
 * @author tpool
 */
public class OffloadBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final MethodMatcher PUBLIC_METHODS = new StaticMethodMatcher() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return Modifier.isPublic(method.getModifiers()) && !ReflectionUtils.isObjectMethod(method)
					&& !ReflectionUtils.isEqualsMethod(method) && !ReflectionUtils.isHashCodeMethod(method)
					&& !ReflectionUtils.isToStringMethod(method);
		}

	};

	private static final MethodMatcher NOT_BEAN_METHODS = new StaticMethodMatcher() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return !AnnotatedElementUtils.hasAnnotation(AopUtils.getMostSpecificMethod(method, targetClass),
					Bean.class);
		}

	};

	private static final Pointcut WHOLE_BEAN = new ComposablePointcut(ClassFilter.TRUE, PUBLIC_METHODS);

	private final Supplier<Tpool> pool;

	private final Map<String, Autowrap> proxies;

	private final Map<String, OffloadedBean> offloaded = new LinkedHashMap<>();

	/**
	 * Create a post-processor.
	 * @param pool the pool, resolved at the first offloaded call
	 * @param proxies the autowrap of each bean named under {@code tpool.proxies}, by bean
	 * name as written there
	 */
	public OffloadBeanPostProcessor(Supplier<Tpool> pool, Map<String, Autowrap> proxies) {
		this.pool = pool;
		this.proxies = Map.copyOf(proxies);
		Pointcut onClass = new ComposablePointcut(new AnnotationClassFilter(Offload.class, true), PUBLIC_METHODS);
		// On a @Bean method, @Offload is about the bean that the method makes.
		Pointcut onMethod = new ComposablePointcut(new AnnotationMatchingPointcut(null, Offload.class, true))
			.intersection(NOT_BEAN_METHODS);
		this.advisor = new DefaultPointcutAdvisor(new ComposablePointcut(onClass).union(onMethod),
				new OffloadInterceptor(pool, Autowrap.none()));
		setBeforeExistingAdvisors(true);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		for (String name : this.proxies.keySet()) {
			if (!hasBean(name)) {
				throw new IllegalStateException("tpool.proxies." + name + " names no bean of this application: "
						+ "use the name of an existing bean, such as dataSource");
			}
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AopInfrastructureBean || bean instanceof Tpool) {
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Offload onFactoryMethod = factoryMethodOffload(beanName);
		Autowrap configured = configuredAutowrap(beanName);
		Autowrap beanAutowrap = Autowrap.none();
		PointcutAdvisor advisor;
		String reason;
		if (configured != null || onFactoryMethod != null) {
			beanAutowrap = validAutowrap(beanName, () -> OffloadInterceptor.autowrap(onFactoryMethod)
				.and((configured != null) ? configured : Autowrap.none()));
			advisor = new DefaultPointcutAdvisor(WHOLE_BEAN, new OffloadInterceptor(this.pool, beanAutowrap));
			reason = (configured != null) ? "tpool.proxies" : "@Offload on its factory method";
		}
		else if (isEligible(targetClass)) {
			advisor = (PointcutAdvisor) this.advisor;
			reason = AnnotatedElementUtils.hasAnnotation(targetClass, Offload.class) ? "@Offload on its class"
					: "@Offload on methods";
		}
		else {
			return bean;
		}
		ReflectionUtils.doWithMethods(targetClass,
				(method) -> validAutowrap(beanName, () -> OffloadInterceptor.annotatedAutowrap(method, targetClass)));
		Object proxy = proxy(bean, beanName, advisor);
		record(new OffloadedBean(beanName, targetClass.getName(), reason,
				offloadedMethods(targetClass, advisor.getPointcut().getMethodMatcher()), names(beanAutowrap)));
		return proxy;
	}

	private Object proxy(Object bean, String beanName, Advisor advisor) {
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			advised.addAdvisor(0, advisor);
			return bean;
		}
		ProxyFactory proxyFactory = prepareProxyFactory(bean, beanName);
		if (!proxyFactory.isProxyTargetClass() && proxyFactory.getProxiedInterfaces().length == 0) {
			evaluateProxyInterfaces(bean.getClass(), proxyFactory);
		}
		if (proxyFactory.isProxyTargetClass() && Modifier.isFinal(bean.getClass().getModifiers())) {
			throw new IllegalStateException("Bean '" + beanName + "' of final class " + bean.getClass().getName()
					+ " is to be offloaded to the tpool but cannot be proxied: make its class non-final, "
					+ "or let its callers use an interface that it implements");
		}
		proxyFactory.addAdvisor(advisor);
		customizeProxyFactory(proxyFactory);
		ClassLoader classLoader = getProxyClassLoader();
		if (classLoader instanceof SmartClassLoader smartClassLoader
				&& classLoader != bean.getClass().getClassLoader()) {
			classLoader = smartClassLoader.getOriginalClassLoader();
		}
		return proxyFactory.getProxy(classLoader);
	}

	private Autowrap validAutowrap(String beanName, Supplier<Autowrap> autowrap) {
		try {
			return autowrap.get();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Bean '" + beanName + "' has an invalid tpool autowrap: " + ex.getMessage(),
					ex);
		}
	}

	private static List<String> offloadedMethods(Class<?> targetClass, MethodMatcher methodMatcher) {
		TreeSet<String> methods = new TreeSet<>();
		ReflectionUtils.doWithMethods(targetClass, (method) -> {
			if (PUBLIC_METHODS.matches(method, targetClass) && methodMatcher.matches(method, targetClass)) {
				methods.add(method.getName());
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return List.copyOf(methods);
	}

	private static List<String> names(Autowrap autowrap) {
		List<String> names = new ArrayList<>();
		autowrap.interfaces().forEach((type) -> names.add(type.getName()));
		names.addAll(autowrap.methodNames());
		return List.copyOf(names);
	}

	private void record(OffloadedBean offloadedBean) {
		synchronized (this.offloaded) {
			this.offloaded.put(offloadedBean.bean(), offloadedBean);
		}
		for (String poolName : this.beanFactory.getBeanNamesForType(Tpool.class, true, false)) {
			// Close the offloaded bean before the pool that it calls through.
			this.beanFactory.registerDependentBean(poolName, offloadedBean.bean());
		}
	}

	/**
	 * The beans that this post-processor offloaded.
	 * @return the beans, in the order in which they were created
	 */
	public List<OffloadedBean> getOffloadedBeans() {
		synchronized (this.offloaded) {
			return List.copyOf(this.offloaded.values());
		}
	}

	private @Nullable Offload factoryMethodOffload(String beanName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		if (definition instanceof RootBeanDefinition rootDefinition) {
			Method factoryMethod = rootDefinition.getResolvedFactoryMethod();
			if (factoryMethod != null) {
				return AnnotatedElementUtils.findMergedAnnotation(factoryMethod, Offload.class);
			}
		}
		return null;
	}

	private @Nullable Autowrap configuredAutowrap(String beanName) {
		Autowrap autowrap = this.proxies.get(beanName);
		if (autowrap != null) {
			return autowrap;
		}
		for (Map.Entry<String, Autowrap> entry : this.proxies.entrySet()) {
			// Environment variables reach the binder in lower case.
			if (entry.getKey().equalsIgnoreCase(beanName)
					&& entry.getKey().equals(entry.getKey().toLowerCase(Locale.ROOT))) {
				return entry.getValue();
			}
		}
		return null;
	}

	/**
	 * Whether a bean has this name, or has it but for case, as environment variables give
	 * it.
	 */
	private boolean hasBean(String configuredName) {
		if (this.beanFactory == null || this.beanFactory.containsBean(configuredName)) {
			return true;
		}
		for (Iterator<String> names = this.beanFactory.getBeanNamesIterator(); names.hasNext();) {
			if (names.next().equalsIgnoreCase(configuredName)) {
				return true;
			}
		}
		return false;
	}

}
