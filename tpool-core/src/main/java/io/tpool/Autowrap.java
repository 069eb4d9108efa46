package io.tpool;

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
 * so carry the same autowrap. A value: it says what to wrap; the proxies wrap.
 *
 * @since 0.1.0
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
