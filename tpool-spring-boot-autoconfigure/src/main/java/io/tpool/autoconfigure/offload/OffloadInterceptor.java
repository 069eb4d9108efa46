package io.tpool.autoconfigure.offload;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.tpool.Autowrap;
import io.tpool.Offload;
import io.micrometer.observation.ObservationRegistry;
import io.tpool.internal.Offloader;
import io.tpool.Tpool;
import io.tpool.TpoolRegistry;
import io.tpool.autoconfigure.offload.CallerConnections.Placement;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs a method invocation on its pool, then autowraps its value: the Spring side of
 * {@link Offloader}, the mechanism that tpool proxies use too. What a call gets is the
 * {@link Offload} annotation on its method, else the one on its class, else the bean's
 * own settings (from {@code tpool.proxies} or an {@code @Offload} factory method): the
 * pool by its name, the deadline, and the autowrap, which joins all three.
 * <p>
 * Where the application has an {@link ObservationRegistry}, each call is a
 * {@code tpool.offload} observation ({@link OffloadObservationDocumentation}), current on
 * the pool thread while the call runs there; without one, nothing is observed.
 *
 * @since 0.1.0
 */
public final class OffloadInterceptor implements MethodInterceptor {

	private static final OffloadObservationConvention DEFAULT_CONVENTION = new DefaultOffloadObservationConvention();

	private final Supplier<TpoolRegistry> pools;

	private final Supplier<Observations> observations;

	private final BeanSettings beanSettings;

	private final Supplier<@Nullable CallerConnections> callerConnections;

	private final Map<MethodClassKey, Call> calls = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param pools the application's pools, resolved at the first call
	 * @param observations how calls are observed, resolved at the first call
	 * @param beanSettings the settings of every call, where its annotations set none
	 */
	public OffloadInterceptor(Supplier<TpoolRegistry> pools, Supplier<Observations> observations,
			BeanSettings beanSettings) {
		this(pools, observations, beanSettings, () -> null);
	}

	OffloadInterceptor(Supplier<TpoolRegistry> pools, Supplier<Observations> observations, BeanSettings beanSettings,
			Supplier<@Nullable CallerConnections> callerConnections) {
		this.pools = pools;
		this.observations = observations;
		this.beanSettings = beanSettings;
		this.callerConnections = callerConnections;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Call call = this.calls.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> call(method, targetClass, target));
		if (call.placement() == Placement.CALLER) {
			// Not offloaded: the wait for a pooled connection parks the caller.
			return call.offloader().invokeOnCaller(method, invocation::proceed);
		}
		Observations observations = this.observations.get();
		if (observations.registry().isNoop()) {
			return call.invoke(target, method, invocation);
		}
		return OffloadObservationDocumentation.OFFLOAD
			.observation(observations.convention(), DEFAULT_CONVENTION,
					() -> new OffloadObservationContext(call.pool(), targetClass, method), observations.registry())
			.observeChecked(() -> call.invoke(target, method, invocation));
	}

	private Call call(Method method, Class<?> targetClass, @Nullable Object target) {
		CallSettings settings = settings(method, targetClass, this.beanSettings);
		Tpool pool = this.pools.get().get(settings.pool());
		CallerConnections callerConnections = this.callerConnections.get();
		Placement placement = (callerConnections != null && target != null)
				? callerConnections.placement(method, target) : Placement.POOL;
		Duration timeout = settings.timeout();
		Offloader.PoolCall onPool = (timeout != null) ? (invocation) -> pool.execute(invocation, timeout)
				: pool::execute;
		return new Call(new Offloader(onPool, settings.autowrap()), pool.name(), placement, callerConnections);
	}

	/**
	 * What the {@link Offload} annotations of a method and its class, and the bean's own
	 * settings, ask of a call of that method.
	 * @param method the method
	 * @param targetClass the class of the bean
	 * @param beanSettings the bean's own settings
	 * @return the call's settings
	 * @throws IllegalArgumentException if an autowrap type is not an interface
	 * @throws InvalidTimeoutException if a timeout is not a positive duration
	 */
	static CallSettings settings(Method method, Class<?> targetClass, BeanSettings beanSettings) {
		Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
		Offload onMethod = AnnotatedElementUtils.findMergedAnnotation(specificMethod, Offload.class);
		Offload onClass = AnnotatedElementUtils.findMergedAnnotation(targetClass, Offload.class);
		String pool = firstSet(beanSettings.pool(), (onClass != null) ? onClass.pool() : "",
				(onMethod != null) ? onMethod.pool() : "");
		String timeout = firstSet("", (onClass != null) ? onClass.timeout() : "",
				(onMethod != null) ? onMethod.timeout() : "");
		Autowrap autowrap = beanSettings.autowrap().and(autowrap(onMethod)).and(autowrap(onClass));
		return new CallSettings(pool, timeout.isEmpty() ? beanSettings.timeout() : timeout(timeout), autowrap);
	}

	/** The method's setting, else the class's, else the bean's. */
	private static String firstSet(String onBean, String onClass, String onMethod) {
		return !onMethod.isEmpty() ? onMethod : !onClass.isEmpty() ? onClass : onBean;
	}

	/**
	 * Parses an {@link Offload#timeout()}.
	 * @param timeout a duration such as {@code "2s"} or {@code "PT2S"}
	 * @return the duration
	 * @throws InvalidTimeoutException if it is not a positive duration
	 */
	static Duration timeout(String timeout) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(timeout);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTimeoutException(
					Objects.requireNonNullElse(ex.getMessage(), "'" + timeout + "' is not a valid duration"), ex);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidTimeoutException("timeout must be positive, but was " + timeout, null);
		}
		return duration;
	}

	static Autowrap autowrap(@Nullable Offload offload) {
		if (offload == null) {
			return Autowrap.none();
		}
		return Autowrap.types(offload.autowrap()).and(Autowrap.names(offload.autowrapNames()));
	}

	/**
	 * The settings of every offloaded call of a bean, where its method's and class's
	 * {@link Offload} set none.
	 *
	 * @param pool the name of the pool, {@link TpoolRegistry#DEFAULT_POOL} for the
	 * default pool
	 * @param timeout every call's deadline, {@code null} for the pool's
	 * @param autowrap the autowrap of every call, joined with the annotations'
	 * @since 0.2.0
	 */
	public record BeanSettings(String pool, @Nullable Duration timeout, Autowrap autowrap) {

		/** Nothing of its own: the default pool, its deadline, no autowrap. */
		public static final BeanSettings NONE = new BeanSettings(TpoolRegistry.DEFAULT_POOL, null, Autowrap.none());

	}

	/**
	 * How offloaded calls are observed.
	 *
	 * @param registry the application's registry, {@link ObservationRegistry#NOOP} for
	 * none
	 * @param convention the application's convention, {@code null} for the default one
	 * @since 0.2.0
	 */
	public record Observations(ObservationRegistry registry, @Nullable OffloadObservationConvention convention) {

		/** No observations. */
		public static final Observations NONE = new Observations(ObservationRegistry.NOOP, null);

	}

	/**
	 * How one method is called: through this offloader, on the pool of this name, taking
	 * its connection where the placement says.
	 */
	private record Call(Offloader offloader, String pool, Placement placement,
			@Nullable CallerConnections callerConnections) {

		@Nullable Object invoke(@Nullable Object target, Method method, MethodInvocation invocation) throws Throwable {
			if (this.placement == Placement.CONNECTION_FIRST && this.callerConnections != null && target != null) {
				return this.callerConnections.invokeWithConnection(target, method, this.offloader, invocation::proceed);
			}
			return this.offloader.invoke(method, invocation::proceed);
		}

	}

	/**
	 * What a call of one method gets.
	 *
	 * @param pool the name of its pool
	 * @param timeout its deadline, {@code null} for the pool's
	 * @param autowrap which of its values to proxy
	 */
	record CallSettings(String pool, @Nullable Duration timeout, Autowrap autowrap) {

	}

	/**
	 * An {@link Offload#timeout()} that is not a positive duration.
	 */
	static final class InvalidTimeoutException extends IllegalArgumentException {

		InvalidTimeoutException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
