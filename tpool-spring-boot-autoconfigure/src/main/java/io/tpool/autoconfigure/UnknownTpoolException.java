package io.tpool.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A pool was asked for by a name that no pool has; reported by
 * {@link UnknownTpoolFailureAnalyzer}.
 *
 * @since 0.2.0
 * @see TpoolRegistry#get(String, String)
 */
public class UnknownTpoolException extends RuntimeException {

	private final String poolName;

	private final Set<String> knownPools;

	private final @Nullable String requester;

	/**
	 * Create an exception for a pool name that no pool has.
	 * @param poolName the name asked for, {@link TpoolRegistry#DEFAULT_POOL} for the
	 * default pool
	 * @param knownPools the names of the pools there are
	 * @param requester what asked for the pool, or {@code null}
	 */
	public UnknownTpoolException(String poolName, Set<String> knownPools, @Nullable String requester) {
		super(description(poolName, knownPools, requester));
		this.poolName = poolName;
		this.knownPools = Collections.unmodifiableSet(new LinkedHashSet<>(knownPools));
		this.requester = requester;
	}

	private static String description(String poolName, Set<String> knownPools, @Nullable String requester) {
		String asked = (requester != null) ? ", which " + requester + " asks for" : "";
		String pools = knownPools.isEmpty() ? "There is no pool."
				: "The pools are: " + String.join(", ", knownPools) + ".";
		if (poolName.equals(TpoolRegistry.DEFAULT_POOL)) {
			return "There is no default tpool pool" + asked + ": no Tpool bean is the one to inject by type. " + pools;
		}
		return "No tpool pool is named '" + poolName + "'" + asked + ". " + pools;
	}

	/**
	 * The name asked for.
	 * @return the name, {@link TpoolRegistry#DEFAULT_POOL} for the default pool
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * The names of the pools there are.
	 * @return the names, in the order the registry lists the pools
	 */
	public Set<String> getKnownPools() {
		return this.knownPools;
	}

	/**
	 * What asked for the pool.
	 * @return a description such as {@code "tpool.proxies.dataSource.pool"}, or
	 * {@code null}
	 */
	public @Nullable String getRequester() {
		return this.requester;
	}

}
