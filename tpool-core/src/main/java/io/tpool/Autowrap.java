package io.tpool;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which values that a proxied method returns come back as proxies themselves, as
 * eventlet's {@code tpool.Proxy(obj, autowrap, autowrap_names)} does for cursors from
 * connections: values that are instances of the autowrap {@linkplain #types types}, and
 * values returned by methods of the autowrap {@linkplain #names names}. The proxies made
 * so carry the same autowrap.
 *
 * @author tpool
 */
public final class Autowrap {

	private static final Autowrap NONE = new Autowrap(Set.of(), Set.of());

	private final Set<Class<?>> interfaces;

	private final Set<String> methodNames;

	private Autowrap(Set<Class<?>> interfaces, Set<String> methodNames) {
		this.interfaces = interfaces;
		this.methodNames = methodNames;
	}

	/**
	 * Wrap nothing: returned values come back as they are.
	 * @return the empty autowrap
	 */
	public static Autowrap none() {
		return NONE;
	}

	/**
	 * Wrap returned values that are instances of these interfaces.
	 * @param types interfaces
	 * @return the autowrap
	 * @throws IllegalArgumentException if one of them is not an interface
	 */
	public static Autowrap types(Class<?>... types) {
		Objects.requireNonNull(types, "types must not be null");
		Set<Class<?>> interfaces = new LinkedHashSet<>();
		for (Class<?> type : types) {
			Objects.requireNonNull(type, "types must not contain null");
			if (!type.isInterface()) {
				throw new IllegalArgumentException("Autowrap types must be interfaces, but " + type.getName()
						+ " is not: a tpool proxy can only stand in for an interface");
			}
			interfaces.add(type);
		}
		return new Autowrap(Collections.unmodifiableSet(interfaces), Set.of());
	}

	/**
	 * Wrap the values returned by methods of these names; their declared return type must
	 * be an interface.
	 * @param names method names
	 * @return the autowrap
	 */
	public static Autowrap names(String... names) {
		Objects.requireNonNull(names, "names must not be null");
		Set<String> methodNames = new LinkedHashSet<>();
		for (String name : names) {
			Objects.requireNonNull(name, "names must not contain null");
			methodNames.add(name);
		}
		return new Autowrap(Set.of(), Collections.unmodifiableSet(methodNames));
	}

	/**
	 * Wrap what this or the other autowrap wraps.
	 * @param other the other autowrap
	 * @return the union of both
	 */
	public Autowrap and(Autowrap other) {
		Objects.requireNonNull(other, "other must not be null");
		if (other.isNone()) {
			return this;
		}
		if (isNone()) {
			return other;
		}
		Set<Class<?>> interfaces = new LinkedHashSet<>(this.interfaces);
		interfaces.addAll(other.interfaces);
		Set<String> methodNames = new LinkedHashSet<>(this.methodNames);
		methodNames.addAll(other.methodNames);
		return new Autowrap(Collections.unmodifiableSet(interfaces), Collections.unmodifiableSet(methodNames));
	}

	/**
	 * The autowrap types.
	 * @return the interfaces, in the order given
	 */
	public Set<Class<?>> interfaces() {
		return this.interfaces;
	}

	/**
	 * The autowrap method names.
	 * @return the names, in the order given
	 */
	public Set<String> methodNames() {
		return this.methodNames;
	}

	/**
	 * Whether this autowrap wraps nothing.
	 * @return whether it is empty
	 */
	public boolean isNone() {
		return this.interfaces.isEmpty() && this.methodNames.isEmpty();
	}

	/**
	 * Checks, before {@code method} runs, that its value can be wrapped if its name asks
	 * for it.
	 * @param method the method about to be called
	 * @return whether the method is named in this autowrap
	 * @throws IllegalStateException if it is named but does not return an interface
	 */
	boolean wrapsByName(Method method) {
		if (!this.methodNames.contains(method.getName())) {
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
	 * Wraps a value returned by a method where this autowrap asks for it.
	 * @param pool the pool that the proxy calls through
	 * @param value the value
	 * @param method the method that returned it
	 * @param byName whether the method is named in this autowrap
	 * @return the value or a proxy for it
	 */
	@Nullable Object wrap(Tpool pool, @Nullable Object value, Method method, boolean byName) {
		if (value == null || Tpool.isProxy(value)) {
			return value;
		}
		Class<?> returnType = method.getReturnType();
		Set<Class<?>> proxied = new LinkedHashSet<>();
		if (byName) {
			proxied.add(returnType);
		}
		for (Class<?> type : this.interfaces) {
			if (type.isInstance(value)) {
				proxied.add(type);
			}
		}
		if (proxied.isEmpty()) {
			return value;
		}
		if (returnType.isInterface() && returnType.isInstance(value)) {
			proxied.add(returnType);
		}
		else if (returnType != Object.class && !byName) {
			// A proxy of interfaces could not stand in for a class-typed value.
			return value;
		}
		return ProxyHandler.create(pool, value, proxied.toArray(Class<?>[]::new), this);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof Autowrap that && this.interfaces.equals(that.interfaces)
				&& this.methodNames.equals(that.methodNames));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.interfaces, this.methodNames);
	}

	@Override
	public String toString() {
		return "Autowrap[types=" + Arrays.toString(this.interfaces.stream().map(Class::getName).toArray()) + ", names="
				+ this.methodNames + "]";
	}

}
