package io.tpool.autoconfigure.offload;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.tpool.Autowrap;
import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolRegistry;
import io.tpool.autoconfigure.offload.ConfiguredProxies.ConfiguredProxy;
import io.tpool.autoconfigure.offload.OffloadInterceptor.BeanSettings;
import io.tpool.autoconfigure.offload.OffloadInterceptor.CallSettings;
import io.tpool.autoconfigure.offload.OffloadInterceptor.Observations;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
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
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.SmartClassLoader;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Proxies the beans whose methods run on the pool: beans whose class or methods carry
 * {@link Offload}, beans made by an {@code @Offload} factory method, and the beans named
 * under {@code tpool.proxies}. Beans with or without interfaces are proxied by Spring
 * AOP's own rules, but a final class or a record, which no subclass can stand in for, is
 * proxied through its interfaces. An existing proxy gets the offloading advice in front
 * of its other advisors, so that they run on the pool thread (a transaction starts or
 * joins there), but behind {@code @Async}'s, so that an {@code @Async} method's body runs
 * on the pool too.
 * <p>
 * The start fails with a failure report for an {@code @Offload} that would have no
 * effect: on a method that the bean's proxy cannot intercept (final, static, private), on
 * a final class without interfaces.
 *
 * @since 0.1.0
 */
public class OffloadBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final MethodMatcher PUBLIC_METHODS = new StaticMethodMatcher() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return Modifier.isPublic(method.getModifiers()) && !isObjectMethod(method);
		}

	};

	private static final MethodMatcher NOT_BEAN_METHODS = new StaticMethodMatcher() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return !AnnotatedElementUtils.hasAnnotation(AopUtils.getMostSpecificMethod(method, targetClass),
					Bean.class);
		}

	};

	/** Methods by name, then by parameter types: an override is its method's equal. */
	private static final Comparator<Method> BY_SIGNATURE = Comparator.comparing(Method::getName)
		.thenComparing((method) -> Arrays.toString(method.getParameterTypes()));

	private static final Pointcut WHOLE_BEAN = new ComposablePointcut(ClassFilter.TRUE, PUBLIC_METHODS);

	private final Supplier<TpoolRegistry> pools;

	private final Supplier<Observations> observations;

	private final ConfiguredProxies proxies;

	private final Supplier<OffloadedBeans> offloaded;

	/**
	 * Resolved once the bean factory is known, where Spring's JDBC support is present.
	 */
	private final Supplier<@Nullable CallerConnections> callerConnections = SingletonSupplier
		.ofNullable(() -> (this.beanFactory != null) ? CallerConnections.of(this.beanFactory) : null);

	/**
	 * Create a post-processor.
	 * @param pools the application's pools, resolved when the first offloaded bean is
	 * checked
	 * @param observations how offloaded calls are observed, resolved at the first call
	 * @param proxies the beans named under {@code tpool.proxies}
	 * @param offloaded where to record the beans that are offloaded, resolved at the
	 * first
	 */
	public OffloadBeanPostProcessor(Supplier<TpoolRegistry> pools, Supplier<Observations> observations,
			ConfiguredProxies proxies, Supplier<OffloadedBeans> offloaded) {
		this.pools = pools;
		this.observations = observations;
		this.proxies = proxies;
		this.offloaded = offloaded;
		Pointcut onClass = new ComposablePointcut(new AnnotationClassFilter(Offload.class, true), PUBLIC_METHODS);
		// On a @Bean method, @Offload is about the bean that the method makes.
		Pointcut onMethod = new ComposablePointcut(new AnnotationMatchingPointcut(null, Offload.class, true))
			.intersection(NOT_BEAN_METHODS);
		this.advisor = new DefaultPointcutAdvisor(new ComposablePointcut(onClass).union(onMethod),
				new OffloadInterceptor(pools, observations, BeanSettings.NONE, this.callerConnections));
		setBeforeExistingAdvisors(true);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		if (this.beanFactory != null) {
			this.proxies.requireBeans(this.beanFactory);
		}
	}

	@Override
	public Class<?> determineBeanType(Class<?> beanClass, String beanName) {
		if (Modifier.isFinal(beanClass.getModifiers()) && this.advisor != null && isEligible(beanClass)) {
			// Predicted as the proxy that postProcessAfterInitialization makes: a class
			// proxy of a final class cannot even be predicted.
			ProxyFactory proxyFactory = new ProxyFactory();
			proxyFactory.copyFrom(this);
			proxyFactory.setTargetClass(beanClass);
			if (!proxyThroughInterfaces(beanClass, proxyFactory)) {
				return beanClass;
			}
			proxyFactory.addAdvisor(this.advisor);
			return proxyFactory.getProxyClass(proxyClassLoader(beanClass));
		}
		return super.determineBeanType(beanClass, beanName);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AopInfrastructureBean || bean instanceof Tpool) {
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Offload onFactoryMethod = factoryMethodOffload(beanName);
		ConfiguredProxy configured = this.proxies.find(beanName);
		BeanSettings beanSettings = BeanSettings.NONE;
		PointcutAdvisor advisor;
		String reason;
		if (configured != null || onFactoryMethod != null) {
			beanSettings = beanSettings(beanName, configured, onFactoryMethod);
			Pointcut pointcut = WHOLE_BEAN;
			if (configured != null && !configured.interfaces().isEmpty()) {
				this.proxies.requireImplemented(configured, targetClass);
				pointcut = new ComposablePointcut(ClassFilter.TRUE, PUBLIC_METHODS)
					.intersection(new DeclaredByInterfaces(configured.interfaces()));
			}
			advisor = new DefaultPointcutAdvisor(pointcut,
					new OffloadInterceptor(this.pools, this.observations, beanSettings, this.callerConnections));
			reason = (configured != null) ? "tpool.proxies" : "@Offload on its factory method";
		}
		else if (isEligible(targetClass)) {
			advisor = (PointcutAdvisor) Objects.requireNonNull(this.advisor);
			reason = AnnotatedElementUtils.hasAnnotation(targetClass, Offload.class) ? "@Offload on its class"
					: "@Offload on methods";
		}
		else {
			return bean;
		}
		requireValidSettings(beanName, targetClass, advisor.getPointcut(), beanSettings, configured);
		Object proxy = proxy(bean, beanName, targetClass, advisor);
		List<Method> methods = offloadedMethods(proxy, targetClass, advisor.getPointcut(), onCaller(bean));
		record(new OffloadedBean(beanName, targetClass.getName(), reason,
				methods.stream().map(Method::getName).distinct().toList(), calls(methods, targetClass, beanSettings),
				names(beanSettings.autowrap())));
		return proxy;
	}

	/**
	 * The pool and the deadline of the calls of each method, as
	 * {@link OffloadInterceptor} will make them: the deadline of a method whose
	 * {@code @Offload} sets none is its pool's.
	 */
	private List<OffloadedCall> calls(List<Method> methods, Class<?> targetClass, BeanSettings beanSettings) {
		if (methods.isEmpty()) {
			return List.of();
		}
		TpoolRegistry pools = this.pools.get();
		Set<OffloadedCall> calls = new LinkedHashSet<>();
		for (Method method : methods) {
			CallSettings settings = OffloadInterceptor.settings(method, targetClass, beanSettings);
			Tpool pool = pools.get(settings.pool());
			Duration timeout = settings.timeout();
			calls.add(new OffloadedCall(method.getName(), pool.name(), (timeout != null) ? timeout : pool.timeout()));
		}
		return List.copyOf(calls);
	}

	/** Which methods of a bean run on their caller though its pointcut matches them. */
	private Predicate<Method> onCaller(Object bean) {
		CallerConnections callerConnections = this.callerConnections.get();
		Object target = AopProxyUtils.getSingletonTarget(bean);
		Object unwrapped = (target != null) ? target : bean;
		return (callerConnections != null)
				? (method) -> callerConnections.placement(method, unwrapped) == CallerConnections.Placement.CALLER
				: (method) -> false;
	}

	private Object proxy(Object bean, String beanName, Class<?> targetClass, Advisor advisor) {
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			requireInterceptable(beanName, targetClass, bean);
			advised.addAdvisor(insideAsync(advised), advisor);
			return bean;
		}
		ProxyFactory proxyFactory = prepareProxyFactory(bean, beanName);
		if (!proxyFactory.isProxyTargetClass() && proxyFactory.getProxiedInterfaces().length == 0) {
			evaluateProxyInterfaces(bean.getClass(), proxyFactory);
		}
		if (proxyFactory.isProxyTargetClass() && Modifier.isFinal(bean.getClass().getModifiers())
				&& !proxyThroughInterfaces(bean.getClass(), proxyFactory)) {
			String kind = bean.getClass().isRecord() ? "record" : "final class";
			throw new InvalidOffloadException(
					"Bean '" + beanName + "' of " + kind + " " + bean.getClass().getName()
							+ " is to be offloaded to the tpool but cannot be proxied: no subclass can stand in for a "
							+ kind + ", so it is proxied through its interfaces, and it implements none.",
					"Let " + bean.getClass().getName() + " implement an interface that declares the offloaded "
							+ "methods and inject the bean as that interface, or make it a class that is not final.");
		}
		proxyFactory.addAdvisor(advisor);
		customizeProxyFactory(proxyFactory);
		Object proxy = proxyFactory.getProxy(proxyClassLoader(bean.getClass()));
		requireInterceptable(beanName, targetClass, proxy);
		return proxy;
	}

	/**
	 * Turns a class proxy into a proxy of the class's interfaces.
	 * @return whether the class has interfaces to proxy
	 */
	private boolean proxyThroughInterfaces(Class<?> beanClass, ProxyFactory proxyFactory) {
		proxyFactory.setProxyTargetClass(false);
		evaluateProxyInterfaces(beanClass, proxyFactory);
		return !proxyFactory.isProxyTargetClass();
	}

	private @Nullable ClassLoader proxyClassLoader(Class<?> beanClass) {
		ClassLoader classLoader = getProxyClassLoader();
		if (classLoader instanceof SmartClassLoader smartClassLoader && classLoader != beanClass.getClassLoader()) {
			classLoader = smartClassLoader.getOriginalClassLoader();
		}
		return classLoader;
	}

	/**
	 * Where the offloading advice goes in an existing proxy: first, so that the bean's
	 * other advice runs on the pool thread, but behind {@code @Async}'s, so that an
	 * {@code @Async} method's body runs on the pool rather than on the async executor.
	 */
	private static int insideAsync(Advised advised) {
		Advisor[] advisors = advised.getAdvisors();
		int index = 0;
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i].getAdvice() instanceof AsyncExecutionInterceptor) {
				index = i + 1;
			}
		}
		return index;
	}

	/**
	 * Fails the start for an {@code @Offload} that the bean's proxy cannot honour: on a
	 * method it cannot intercept, or, on a class proxy, on a class whose public methods
	 * include final ones.
	 */
	private void requireInterceptable(String beanName, Class<?> targetClass, Object proxy) {
		ProxyShape shape = ProxyShape.of(proxy, targetClass);
		ReflectionUtils.doWithMethods(targetClass, (method) -> {
			if (method.isBridge() || method.isSynthetic() || isObjectMethod(method)
					|| AnnotatedElementUtils.hasAnnotation(method, Bean.class)) {
				return;
			}
			String notIntercepted = shape.whyNotIntercepted(method);
			if (notIntercepted == null) {
				return;
			}
			if (AnnotatedElementUtils.hasAnnotation(method, Offload.class)) {
				throw notIntercepted(beanName, method, notIntercepted, null, shape);
			}
			if (!shape.throughInterfaces() && Modifier.isPublic(method.getModifiers())
					&& !Modifier.isStatic(method.getModifiers())
					&& AnnotationUtils.isAnnotationDeclaredLocally(Offload.class, method.getDeclaringClass())) {
				throw notIntercepted(beanName, method, notIntercepted, method.getDeclaringClass(), shape);
			}
		});
	}

	/**
	 * The failure of an {@code @Offload} on a method, or on the class that declares it
	 * when {@code annotatedClass} is given, that the proxy cannot intercept.
	 */
	private static InvalidOffloadException notIntercepted(String beanName, Method method, String why,
			@Nullable Class<?> annotatedClass, ProxyShape shape) {
		String described = method.getDeclaringClass().getName() + "." + method.getName() + "("
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
				+ ")";
		String action = switch (why) {
			case "final" -> "Remove final from " + described + ", or remove @Offload.";
			case "static" -> "Make " + described + " an instance method, or remove @Offload from it.";
			case "private" -> "Make " + described + " public or protected, or remove @Offload from it.";
			case "package-private" ->
				"Make " + described + " public or protected (a class proxy made by another class loader or in "
						+ "another package cannot override it), or remove @Offload from it.";
			default -> "Declare " + method.getName() + " in one of " + shape.interfaceNames()
					+ " and call it through that interface, or remove @Offload from it.";
		};
		String offload = (annotatedClass != null)
				? "@Offload on " + annotatedClass.getName() + ", which offloads its public methods, but its proxy "
						+ "cannot intercept method " + described
				: "@Offload on method " + described + ", but its proxy cannot intercept that method";
		return new InvalidOffloadException("Bean '" + beanName + "' has " + offload + ": it is " + why
				+ ", so calls to it would run on their caller, not on the tpool.", action);
	}

	/**
	 * The settings of a whole bean offloaded by {@code tpool.proxies} or by an
	 * {@code @Offload} factory method.
	 */
	private BeanSettings beanSettings(String beanName, @Nullable ConfiguredProxy configured,
			@Nullable Offload onFactoryMethod) {
		Autowrap configuredAutowrap = (configured != null) ? configured.autowrap() : Autowrap.none();
		Autowrap autowrap;
		Duration timeout = null;
		try {
			autowrap = OffloadInterceptor.autowrap(onFactoryMethod).and(configuredAutowrap);
			if (onFactoryMethod != null && !onFactoryMethod.timeout().isEmpty()) {
				timeout = OffloadInterceptor.timeout(onFactoryMethod.timeout());
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalidAnnotation(beanName, "its factory method", ex);
		}
		String pool = (configured != null && !configured.pool().isEmpty()) ? configured.pool()
				: (onFactoryMethod != null) ? onFactoryMethod.pool() : TpoolRegistry.DEFAULT_POOL;
		return new BeanSettings(pool, timeout, autowrap);
	}

	/**
	 * Fails the start for settings that no call could work with: an autowrap type that is
	 * not an interface, a timeout that is not a positive duration, a pool that no pool is
	 * named after.
	 */
	private void requireValidSettings(String beanName, Class<?> targetClass, Pointcut pointcut,
			BeanSettings beanSettings, @Nullable ConfiguredProxy configured) {
		Set<String> poolsChecked = new HashSet<>();
		ReflectionUtils.doWithMethods(targetClass, (method) -> {
			boolean offloaded = pointcut.getClassFilter().matches(targetClass)
					&& pointcut.getMethodMatcher().matches(method, targetClass);
			if (!offloaded && !AnnotatedElementUtils.hasAnnotation(method, Offload.class)) {
				return;
			}
			CallSettings settings;
			try {
				settings = OffloadInterceptor.settings(method, targetClass, beanSettings);
			}
			catch (IllegalArgumentException ex) {
				throw invalidAnnotation(beanName, "method " + method.getName(), ex);
			}
			if (offloaded && poolsChecked.add(settings.pool())) {
				if (configured != null && !configured.pool().isEmpty() && settings.pool().equals(configured.pool())) {
					this.proxies.requirePool(configured, this.pools.get());
				}
				else {
					this.pools.get()
						.get(settings.pool(),
								"@Offload(pool = \"" + settings.pool() + "\") on bean '" + beanName + "'");
				}
			}
		});
	}

	private static InvalidOffloadException invalidAnnotation(String beanName, String where,
			IllegalArgumentException ex) {
		String action = (ex instanceof OffloadInterceptor.InvalidTimeoutException)
				? "Set the timeout of @Offload to a positive duration, such as \"2s\", \"500ms\" or \"PT2S\", or "
						+ "remove it, so that the calls get their pool's deadline (tpool.timeout, or "
						+ "tpool.pools.<name>.timeout for a named pool), if any."
				: "List only interfaces in @Offload(autowrap = ...), such as java.sql.ResultSet.";
		return new InvalidOffloadException(
				"Bean '" + beanName + "' has an invalid @Offload on " + where + ": " + ex.getMessage() + ".", action);
	}

	/**
	 * The methods that the proxy runs on the pool, by name and then by their parameters,
	 * each signature once.
	 */
	private static List<Method> offloadedMethods(Object proxy, Class<?> targetClass, Pointcut pointcut,
			Predicate<Method> onCaller) {
		Set<Method> methods = new TreeSet<>(BY_SIGNATURE);
		if (!pointcut.getClassFilter().matches(targetClass)) {
			return List.of();
		}
		MethodMatcher methodMatcher = pointcut.getMethodMatcher();
		ProxyShape shape = ProxyShape.of(proxy, targetClass);
		Class<?> @Nullable [] interfaces = shape.interfaces();
		if (interfaces != null) {
			for (Class<?> type : interfaces) {
				for (Method method : type.getMethods()) {
					if (!isObjectMethod(method) && methodMatcher.matches(method, targetClass)
							&& !onCaller.test(method)) {
						methods.add(method);
					}
				}
			}
		}
		else {
			ReflectionUtils.doWithMethods(targetClass, (method) -> {
				if (!method.isBridge() && !method.isSynthetic() && !isObjectMethod(method)
						&& shape.whyNotIntercepted(method) == null && methodMatcher.matches(method, targetClass)
						&& !onCaller.test(method)) {
					methods.add(method);
				}
			});
		}
		return List.copyOf(methods);
	}

	private static boolean isObjectMethod(Method method) {
		return ReflectionUtils.isObjectMethod(method) || ReflectionUtils.isEqualsMethod(method)
				|| ReflectionUtils.isHashCodeMethod(method) || ReflectionUtils.isToStringMethod(method)
				|| method.getDeclaringClass() == Object.class;
	}

	private static List<String> names(Autowrap autowrap) {
		List<String> names = new ArrayList<>();
		autowrap.interfaces().forEach((type) -> names.add(type.getName()));
		names.addAll(autowrap.methodNames());
		return List.copyOf(names);
	}

	private void record(OffloadedBean offloadedBean) {
		this.offloaded.get().add(offloadedBean);
		if (this.beanFactory == null) {
			return;
		}
		for (String poolName : this.beanFactory.getBeanNamesForType(Tpool.class, true, false)) {
			// Close the offloaded bean before the pool that it calls through.
			this.beanFactory.registerDependentBean(poolName, offloadedBean.bean());
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

	/**
	 * How a bean is proxied, and so which of its methods the proxy can intercept.
	 *
	 * @param interfaces the interfaces of an interface proxy, {@code null} for a class
	 * proxy
	 * @param targetClass the class of the bean
	 * @param proxyClassLoader the class loader of a class proxy
	 */
	private record ProxyShape(Class<?> @Nullable [] interfaces, Class<?> targetClass,
			@Nullable ClassLoader proxyClassLoader) {

		static ProxyShape of(Object proxy, Class<?> targetClass) {
			if (AopUtils.isJdkDynamicProxy(proxy)) {
				return new ProxyShape(((Advised) proxy).getProxiedInterfaces(), targetClass, null);
			}
			return new ProxyShape(null, targetClass, proxy.getClass().getClassLoader());
		}

		boolean throughInterfaces() {
			return this.interfaces != null;
		}

		String interfaceNames() {
			return (this.interfaces != null)
					? Arrays.stream(this.interfaces).map(Class::getName).collect(Collectors.joining(", ")) : "";
		}

		/**
		 * Why the proxy cannot intercept a method of the bean.
		 * @return {@code null} when it can
		 */
		@Nullable String whyNotIntercepted(Method method) {
			int modifiers = method.getModifiers();
			if (Modifier.isStatic(modifiers)) {
				return "static";
			}
			if (Modifier.isPrivate(modifiers)) {
				return "private";
			}
			if (this.interfaces != null) {
				for (Class<?> type : this.interfaces) {
					if (DeclaredByInterfaces.declares(type, method, this.targetClass)) {
						return null;
					}
				}
				return "not declared by " + ((this.interfaces.length == 1) ? "the interface" : "any of the interfaces")
						+ " through which the bean is proxied (" + interfaceNames() + ")";
			}
			if (Modifier.isFinal(modifiers)) {
				return "final";
			}
			if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) {
				Class<?> declaringClass = method.getDeclaringClass();
				boolean samePackage = ClassUtils.getPackageName(declaringClass)
					.equals(ClassUtils.getPackageName(this.targetClass));
				if (!samePackage || declaringClass.getClassLoader() != this.proxyClassLoader) {
					return "package-private";
				}
			}
			return null;
		}

	}

	/**
	 * Matches the methods that some interfaces declare, as the bean implements them.
	 */
	private static final class DeclaredByInterfaces extends StaticMethodMatcher {

		private final List<Class<?>> interfaces;

		DeclaredByInterfaces(List<Class<?>> interfaces) {
			this.interfaces = List.copyOf(interfaces);
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			for (Class<?> type : this.interfaces) {
				if (declares(type, method, targetClass)) {
					return true;
				}
			}
			return false;
		}

		static boolean declares(Class<?> type, Method method, Class<?> targetClass) {
			if (method.getDeclaringClass().isInterface() && method.getDeclaringClass().isAssignableFrom(type)) {
				return true;
			}
			Method implementation = BridgeMethodResolver
				.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
			for (Method declared : type.getMethods()) {
				if (declared.getName().equals(method.getName())
						&& BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(declared, targetClass))
							.equals(implementation)) {
					return true;
				}
			}
			return false;
		}

	}

}
