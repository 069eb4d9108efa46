package io.tpool.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.tpool.Autowrap;
import io.tpool.Task;
import org.jspecify.annotations.Nullable;

/**
 * Runs method invocations on a pool and proxies their values where an {@link Autowrap}
 * asks for it: the one mechanism behind tpool proxies ({@code Tpool.proxy}) and the
 * Spring integration's advice, so that the two cannot drift apart. The proxies it makes
 * call through it in turn.
 * <p>
 * Not API: public only so that tpool's own integrations can call it, and it may change in
 * any release. It knows no pool, only the call that runs an invocation on one, so that
 * the pool, which makes offloaders for its proxies, and the offloader do not know each
 * other.
 *
 * @since 0.2.0
 */
public final class Offloader {

	private static final Class<?>[] NO_INTERFACES = {};

	private final PoolCall pool;

	private final Autowrap autowrap;

	/**
	 * Create an offloader.
	 * @param pool runs an invocation on the pool, as {@code Tpool.execute} does, with the
	 * deadline that the calls should have
	 * @param autowrap which returned values to proxy
	 */
	public Offloader(PoolCall pool, Autowrap autowrap) {
		this.pool = Objects.requireNonNull(pool, "pool must not be null");
		this.autowrap = Objects.requireNonNull(autowrap, "autowrap must not be null");
	}

	/**
	 * Runs an invocation on the pool, as {@code Tpool.execute} does, and proxies its
	 * value where the autowrap asks for it.
	 * @param method the method invoked, whose name and return type decide the wrapping
	 * @param invocation the invocation itself
	 * @return the value, or a proxy for it
	 * @throws Throwable what the invocation threw, unchanged
	 * @throws IllegalStateException before the invocation runs, if the autowrap names the
	 * method but it does not return an interface
	 */
	public @Nullable Object invoke(Method method, Task<?, ?> invocation) throws Throwable {
		if (isWrapperMethod(method)) {
			// The driver's own answer, at once: never a proxy, and never queued behind
			// the
			// pool's work (connection pools' metrics ask it).
			return invocation.call();
		}
		boolean byName = wrapsByName(method);
		return wrap(method, this.pool.call(invocation), byName);
	}

	/**
	 * Runs an invocation on the calling thread, not on the pool, and proxies its value
	 * where the autowrap asks for it, as {@link #invoke} does: for a call that must not
	 * take a pool thread, such as the wait for a pooled JDBC connection, whose returned
	 * connection runs its own calls on the pool.
	 * @param method the method invoked, whose name and return type decide the wrapping
	 * @param invocation the invocation itself
	 * @return the value, or a proxy for it
	 * @throws Throwable what the invocation threw, unchanged
	 * @throws IllegalStateException before the invocation runs, if the autowrap names the
	 * method but it does not return an interface
	 * @since 0.3.0
	 */
	public @Nullable Object invokeOnCaller(Method method, Task<?, ?> invocation) throws Throwable {
		if (isWrapperMethod(method)) {
			return invocation.call();
		}
		boolean byName = wrapsByName(method);
		return wrap(method, invocation.call(), byName);
	}

	private @Nullable Object wrap(Method method, @Nullable Object value, boolean byName) {
		if (this.autowrap.isNone() || value == null || isProxy(value)) {
			return value;
		}
		Class<?>[] interfaces = interfacesFor(method, value, byName);
		return (interfaces.length > 0) ? newProxy(value, interfaces) : value;
	}

	/**
	 * Whether the autowrap names the method, so that its value is proxied as its declared
	 * return type.
	 * @throws IllegalStateException if it names the method but the method does not return
	 * an interface
	 */
	private boolean wrapsByName(Method method) {
		if (!this.autowrap.methodNames().contains(method.getName())) {
			return false;
		}
		Class<?> returnType = method.getReturnType();
		if (!returnType.isInterface()) {
			throw new IllegalStateException("Autowrap names " + method.getDeclaringClass().getName() + "."
					+ method.getName() + ", but it returns " + returnType.getName()
					+ ", which is not an interface, so no proxy could be returned in its place; "
					+ "remove the name from the autowrap names");
		}
		return true;
	}

	/**
	 * The interfaces that a proxy for a value that a method returned implements: the
	 * autowrap types the value is an instance of, and the method's declared return type
	 * where it is an interface; none where no proxy is wanted, or none could stand in for
	 * the value.
	 */
	private Class<?>[] interfacesFor(Method method, Object value, boolean byName) {
		Class<?> returnType = method.getReturnType();
		Set<Class<?>> interfaces = new LinkedHashSet<>();
		if (byName) {
			interfaces.add(returnType);
		}
		for (Class<?> type : this.autowrap.interfaces()) {
			if (type.isInstance(value)) {
				interfaces.add(type);
			}
		}
		if (interfaces.isEmpty()) {
			return NO_INTERFACES;
		}
		if (returnType.isInterface() && returnType.isInstance(value)) {
			interfaces.add(returnType);
		}
		else if (returnType != Object.class && !byName) {
			// A proxy of interfaces could not stand in for a class-typed value.
			return NO_INTERFACES;
		}
		return interfaces.toArray(Class<?>[]::new);
	}

	/**
	 * Whether a method is {@link Wrapper#unwrap(Class)} or
	 * {@link Wrapper#isWrapperFor(Class)} of a JDBC object: they ask the target itself
	 * what it is or wraps, which no driver answers with native work, and a value that
	 * {@code unwrap} returns is the driver's own object, never one to proxy.
	 */
	static boolean isWrapperMethod(Method method) {
		String name = method.getName();
		return (name.equals("unwrap") || name.equals("isWrapperFor")) && method.getParameterCount() == 1
				&& method.getParameterTypes()[0] == Class.class
				&& Wrapper.class.isAssignableFrom(method.getDeclaringClass());
	}

	/**
	 * Proxies {@code target} so that every method of {@code type}, default methods
	 * included, runs through this offloader.
	 * @param <T> the interface
	 * @param target the object to call
	 * @param type the interface to proxy
	 * @return the proxy, or {@code target} if it already is a tpool proxy
	 * @throws IllegalArgumentException if {@code type} is not an interface or
	 * {@code target} does not implement it
	 */
	public <T> T proxy(T target, Class<T> type) {
		Objects.requireNonNull(target, "target must not be null");
		Objects.requireNonNull(type, "type must not be null");
		if (!type.isInterface()) {
			throw new IllegalArgumentException("A tpool proxy implements an interface, but " + type.getName()
					+ " is a class: proxy one of its interfaces, or let the Spring integration (@Offload) "
					+ "proxy the class");
		}
		if (!type.isInstance(target)) {
			throw new IllegalArgumentException(target.getClass().getName() + " does not implement " + type.getName());
		}
		if (isProxy(target)) {
			return target;
		}
		return type.cast(newProxy(target, new Class<?>[] { type }));
	}

	private Object newProxy(Object target, Class<?>[] interfaces) {
		return Proxy.newProxyInstance(classLoader(target, interfaces), interfaces, new Handler(this, target));
	}

	/**
	 * Whether {@code object} is a proxy that an offloader made.
	 * @param object any object
	 * @return whether it is
	 */
	public static boolean isProxy(@Nullable Object object) {
		return object != null && handlerOf(object) != null;
	}

	/**
	 * The target of a proxy that an offloader made.
	 * @param <T> the type
	 * @param proxy a proxy, or any other object
	 * @return the proxy's target, or {@code proxy} itself if it is no such proxy
	 */
	@SuppressWarnings("unchecked")
	public static <T extends @Nullable Object> T unwrap(T proxy) {
		Handler handler = (proxy != null) ? handlerOf(proxy) : null;
		return (handler != null) ? (T) handler.target : proxy;
	}

	private static @Nullable Handler handlerOf(Object object) {
		if (Proxy.isProxyClass(object.getClass()) && Proxy.getInvocationHandler(object) instanceof Handler handler) {
			return handler;
		}
		return null;
	}

	/**
	 * A class loader that sees every interface: the target's own first, as the proxy
	 * stands in for it.
	 */
	private static ClassLoader classLoader(Object target, Class<?>[] interfaces) {
		List<ClassLoader> candidates = new ArrayList<>();
		add(candidates, target.getClass().getClassLoader());
		for (Class<?> type : interfaces) {
			add(candidates, type.getClassLoader());
		}
		add(candidates, Thread.currentThread().getContextClassLoader());
		add(candidates, Offloader.class.getClassLoader());
		for (ClassLoader candidate : candidates) {
			if (seesAll(candidate, interfaces)) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("No class loader sees all of " + List.of(interfaces));
	}

	private static void add(List<ClassLoader> candidates, @Nullable ClassLoader loader) {
		if (loader != null && !candidates.contains(loader)) {
			candidates.add(loader);
		}
	}

	private static boolean seesAll(ClassLoader loader, Class<?>[] interfaces) {
		for (Class<?> type : interfaces) {
			try {
				if (Class.forName(type.getName(), false, loader) != type) {
					return false;
				}
			}
			catch (ClassNotFoundException ex) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Runs an invocation on a pool and waits for its end, as {@code Tpool.execute} does:
	 * it returns the invocation's value or throws what it threw, unchanged.
	 */
	@FunctionalInterface
	public interface PoolCall {

		/**
		 * Runs the invocation on the pool.
		 * @param invocation the invocation
		 * @return its value
		 * @throws Throwable what the invocation threw, unchanged, or what the pool throws
		 * when it cannot run it
		 */
		@Nullable Object call(Task<?, ?> invocation) throws Throwable;

	}

	/**
	 * The handler of a tpool proxy: every interface method runs on the target through the
	 * offloader, {@code toString}, {@code hashCode} and {@code equals} answer at once as
	 * the target would.
	 */
	private static final class Handler implements InvocationHandler {

		private final Offloader offloader;

		private final Object target;

		Handler(Offloader offloader, Object target) {
			this.offloader = offloader;
			this.target = target;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> this.target.equals(unwrap(args[0]));
					case "hashCode" -> this.target.hashCode();
					default -> this.target.toString();
				};
			}
			return this.offloader.invoke(method, () -> invokeTarget(method, args));
		}

		private @Nullable Object invokeTarget(Method method, @Nullable Object[] args) throws Throwable {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
			catch (IllegalAccessException ex) {
				// A non-public interface of another package.
				if (!method.trySetAccessible()) {
					throw ex;
				}
				return invokeTarget(method, args);
			}
		}

	}

}
