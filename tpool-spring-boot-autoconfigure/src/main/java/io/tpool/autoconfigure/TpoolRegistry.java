package io.tpool.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's pools by {@link Tpool#name() name}: the default pool (the starter's
 * {@code tpool} bean, or the application's own {@code Tpool} bean in its place), the
 * named pools under {@code tpool.pools}, and any other {@code Tpool} bean. This is how
 * {@code @Offload(pool = "duckdb")} and {@code tpool.proxies.<bean>.pool} find their
 * pool; the name {@value #DEFAULT_POOL} means the default pool. Pools are looked up when
 * asked for, not when the registry is made.
 *
 * @since 0.2.0
 */
public final class TpoolRegistry {

	/**
	 * The name that means the default pool, whatever its {@link Tpool#name()}.
	 */
	public static final String DEFAULT_POOL = "";

	private final Supplier<@Nullable Tpool> defaultPool;

	private final Supplier<List<Tpool>> pools;

	/**
	 * A registry of a bean factory's pools: the default pool is the one {@code Tpool}
	 * bean that a plain injection point gets (named pools are not default candidates),
	 * and the pools are every {@code Tpool} bean.
	 * @param pools the {@code Tpool} beans
	 */
	public TpoolRegistry(ObjectProvider<Tpool> pools) {
		this(pools::getIfUnique, () -> pools.orderedStream(ObjectProvider.UNFILTERED).toList());
	}

	private TpoolRegistry(Supplier<@Nullable Tpool> defaultPool, Supplier<List<Tpool>> pools) {
		this.defaultPool = defaultPool;
		this.pools = pools;
	}

	/**
	 * A registry of given pools, for use without an application context.
	 * @param defaultPool the default pool
	 * @param others the other pools
	 * @return the registry
	 */
	public static TpoolRegistry of(Tpool defaultPool, Tpool... others) {
		List<Tpool> pools = new ArrayList<>();
		pools.add(Objects.requireNonNull(defaultPool, "defaultPool must not be null"));
		pools.addAll(Arrays.asList(others));
		List<Tpool> all = List.copyOf(pools);
		return new TpoolRegistry(() -> defaultPool, () -> all);
	}

	/**
	 * The pool with the given name.
	 * @param poolName a pool's {@link Tpool#name()}, or {@value #DEFAULT_POOL} for the
	 * default pool
	 * @return the pool
	 * @throws UnknownTpoolException if no pool has that name
	 */
	public Tpool get(String poolName) {
		return get(poolName, null);
	}

	/**
	 * The pool with the given name, asked for by a setting or an annotation that a
	 * failure report names if there is no such pool.
	 * @param poolName a pool's {@link Tpool#name()}, or {@value #DEFAULT_POOL} for the
	 * default pool
	 * @param requester what asks for the pool, such as
	 * {@code "@Offload(pool = \"duckdb\") on bean 'reports'"}, or {@code null}
	 * @return the pool
	 * @throws UnknownTpoolException if no pool has that name
	 */
	public Tpool get(String poolName, @Nullable String requester) {
		Tpool pool = find(poolName);
		if (pool == null) {
			throw new UnknownTpoolException(poolName, names(), requester);
		}
		return pool;
	}

	/**
	 * The pool with the given name, if there is one.
	 * @param poolName a pool's {@link Tpool#name()}, or {@value #DEFAULT_POOL} for the
	 * default pool
	 * @return the pool, or {@code null}
	 * @throws IllegalStateException if several pools that are not the default pool have
	 * that name
	 */
	public @Nullable Tpool find(String poolName) {
		Objects.requireNonNull(poolName, "poolName must not be null");
		Tpool defaultPool = this.defaultPool.get();
		if (poolName.equals(DEFAULT_POOL) || (defaultPool != null && defaultPool.name().equals(poolName))) {
			return defaultPool;
		}
		List<Tpool> named = this.pools.get().stream().filter((pool) -> pool.name().equals(poolName)).toList();
		if (named.size() > 1) {
			throw new IllegalStateException(named.size() + " Tpool beans are named '" + poolName
					+ "': give each pool its own name, so that it can be told apart");
		}
		return named.isEmpty() ? null : named.get(0);
	}

	/**
	 * Every pool, the default pool first, then the others in the order of their beans.
	 * @return the pools
	 */
	public List<Tpool> pools() {
		Tpool defaultPool = this.defaultPool.get();
		List<Tpool> pools = new ArrayList<>();
		if (defaultPool != null) {
			pools.add(defaultPool);
		}
		this.pools.get().stream().filter((pool) -> pool != defaultPool).forEach(pools::add);
		return List.copyOf(pools);
	}

	/**
	 * The names of every pool, the default pool's first.
	 * @return the names
	 */
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		pools().forEach((pool) -> names.add(pool.name()));
		return names;
	}

}
