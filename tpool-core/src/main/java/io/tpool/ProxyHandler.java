package io.tpool;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The handler of a tpool proxy: every interface method runs on the target on a pool
 * thread, {@code toString}, {@code hashCode} and {@code equals} answer at once as the
 * target would.
 *
 * @author tpool
 */
final class ProxyHandler implements InvocationHandler {

	private final Tpool pool;

	private final Object target;

	private final Autowrap autowrap;

	private ProxyHandler(Tpool pool, Object target, Autowrap autowrap) {
		this.pool = pool;
		this.target = target;
		this.autowrap = autowrap;
	}

	static Object create(Tpool pool, Object target, Class<?>[] interfaces, Autowrap autowrap) {
		return Proxy.newProxyInstance(classLoader(target, interfaces), interfaces,
				new ProxyHandler(pool, target, autowrap));
	}

	static @Nullable ProxyHandler of(Object object) {
		if (Proxy.isProxyClass(object.getClass())
				&& Proxy.getInvocationHandler(object) instanceof ProxyHandler handler) {
			return handler;
		}
		return null;
	}

	Object target() {
		return this.target;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> this.target.equals(Tpool.unwrap(args[0]));
				case "hashCode" -> this.target.hashCode();
				default -> this.target.toString();
			};
		}
		return this.pool.invoke(method, this.autowrap, () -> invokeTarget(method, args));
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
		add(candidates, ProxyHandler.class.getClassLoader());
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

}
