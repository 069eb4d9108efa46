package io.tpool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An application's pools by {@link Tpool#name() name}: a default pool, asked for by the
 * name {@value #DEFAULT_POOL} or by its own name, and the named pools that act as
 * bulkheads for one library each. The registry is fixed when it is made; two pools of one
 * name are refused then, since a lookup could not tell them apart.
 *
 * <pre class="code">
 * try (TpoolRegistry pools = TpoolRegistry.of(Tpool.builder().build(),
 *         Tpool.builder().name("duckdb").size(4).build())) {
 *     Tpool duckdb = pools.get("duckdb");
 *     ...
 * }
 * </pre>
 *
 * @since 0.3.0
 */
public final class TpoolRegistry implements AutoCloseable {

	/**
	 * The name that means the default pool, whatever its {@link Tpool#name()}.
	 */
	public static final String DEFAULT_POOL = "";

	private final @Nullable Tpool defaultPool;

	private final Map<String, Tpool> pools;

	private TpoolRegistry(@Nullable Tpool defaultPool, Map<String, Tpool> pools) {
		this.defaultPool = defaultPool;
		this.pools = Collections.unmodifiableMap(pools);
	}

	/**
	 * A registry of a default pool and other pools.
	 * @param defaultPool the default pool
	 * @param others the other pools
	 * @return the registry
	 * @throws IllegalArgumentException if two pools have the same name
	 */
	public static TpoolRegistry of(Tpool defaultPool, Tpool... others) {
		Objects.requireNonNull(defaultPool, "defaultPool must not be null");
		Objects.requireNonNull(others, "others must not be null");
		return of(defaultPool, Arrays.asList(others));
	}

	/**
	 * A registry of pools, one of which may be the default pool.
	 * @param defaultPool the default pool, or {@code null} for none, in which case
	 * {@link #get(String) get(DEFAULT_POOL)} fails; it may be one of {@code pools} too
	 * @param pools the pools, in the order that {@link #pools()} lists them after the
	 * default pool
	 * @return the registry
	 * @throws IllegalArgumentException if two pools have the same name
	 */
	public static TpoolRegistry of(@Nullable Tpool defaultPool, Collection<? extends Tpool> pools) {
		Objects.requireNonNull(pools, "pools must not be null");
		Map<Tpool, Boolean> distinct = new IdentityHashMap<>();
		List<Tpool> all = new ArrayList<>();
		if (defaultPool != null) {
			distinct.put(defaultPool, true);
			all.add(defaultPool);
		}
		for (Tpool pool : pools) {
			Objects.requireNonNull(pool, "pools must not contain null");
			if (distinct.put(pool, true) == null) {
				all.add(pool);
			}
		}
		Map<String, Tpool> byName = new LinkedHashMap<>();
		for (Tpool pool : all) {
			if (byName.putIfAbsent(pool.name(), pool) != null) {
				long twins = all.stream().filter((other) -> other.name().equals(pool.name())).count();
				throw new IllegalArgumentException(twins + " pools are named '" + pool.name()
						+ "': give each pool its own name (Tpool.Builder.name), so that it can be told apart");
			}
		}
		return new TpoolRegistry(defaultPool, byName);
	}

	/**
	 * The pool with the given name.
	 * @param poolName a pool's {@link Tpool#name()}, or {@value #DEFAULT_POOL} for the
	 * default pool
	 * @return the pool
	 * @throws NoSuchElementException if no pool has that name, naming the pools there are
	 */
	public Tpool get(String poolName) {
		return find(poolName).orElseThrow(() -> new NoSuchElementException(unknown(poolName)));
	}

	private String unknown(String poolName) {
		String known = this.pools.isEmpty() ? "There is no pool."
				: "The pools are: " + String.join(", ", this.pools.keySet()) + ".";
		if (poolName.equals(DEFAULT_POOL)) {
			return "There is no default tpool pool. " + known;
		}
		return "No tpool pool is named '" + poolName + "'. " + known;
	}

	/**
	 * The pool with the given name, if there is one.
	 * @param poolName a pool's {@link Tpool#name()}, or {@value #DEFAULT_POOL} for the
	 * default pool
	 * @return the pool, or empty
	 */
	public Optional<Tpool> find(String poolName) {
		Objects.requireNonNull(poolName, "poolName must not be null");
		if (poolName.equals(DEFAULT_POOL)) {
			return Optional.ofNullable(this.defaultPool);
		}
		return Optional.ofNullable(this.pools.get(poolName));
	}

	/**
	 * The default pool, if there is one.
	 * @return the default pool, or empty
	 */
	public Optional<Tpool> defaultPool() {
		return Optional.ofNullable(this.defaultPool);
	}

	/**
	 * Every pool, the default pool first, then the others in the order they were given.
	 * @return the pools
	 */
	public List<Tpool> pools() {
		return List.copyOf(this.pools.values());
	}

	/**
	 * The names of every pool, the default pool's first.
	 * @return the names
	 */
	public Set<String> names() {
		return Collections.unmodifiableSet(new LinkedHashSet<>(this.pools.keySet()));
	}

	/**
	 * Closes every pool, as {@link Tpool#close()} does, each even if closing another one
	 * failed; a failure is thrown after every pool was closed, with the others
	 * suppressed.
	 */
	@Override
	public void close() {
		RuntimeException failure = null;
		for (Tpool pool : this.pools.values()) {
			try {
				pool.close();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "TpoolRegistry" + this.pools.keySet();
	}

}
