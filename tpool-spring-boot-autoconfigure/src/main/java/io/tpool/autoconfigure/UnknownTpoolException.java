package io.tpool.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import io.tpool.TpoolRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * A pool was asked for by a name that no pool has; reported by
 * {@link TpoolStartupFailureAnalyzer}.
 *
 * @since 0.2.0
 * @see TpoolRegistry#find(String)
 */
public class UnknownTpoolException extends TpoolStartupException {

	private final String poolName;

	private final Set<String> knownPools;

	private final @Nullable String requester;

	private final @Nullable Origin origin;

	/**
	 * Create an exception for a pool name that no pool has.
	 * @param poolName the name asked for, {@link TpoolRegistry#DEFAULT_POOL} for the
	 * default pool
	 * @param knownPools the names of the pools there are
	 * @param requester what asked for the pool, or {@code null}
	 */
	public UnknownTpoolException(String poolName, Set<String> knownPools, @Nullable String requester) {
		this(description(poolName, knownPools, requester), poolName, knownPools, requester, null);
	}

	/**
	 * Create an exception for a setting whose value is a name that no pool has, reported
	 * as every bad setting is: with its value and where the value came from.
	 * @param poolName the name that the setting gives
	 * @param knownPools the names of the pools there are
	 * @param setting the setting, as written in properties files, such as
	 * {@code tpool.proxies.dataSource.pool}
	 * @param origin where its value came from (a file and line, the command line), if
	 * known
	 * @since 0.3.0
	 */
	public UnknownTpoolException(String poolName, Set<String> knownPools, String setting, @Nullable Origin origin) {
		this("The tpool setting " + setting + " is '" + poolName + "'"
				+ ((origin != null) ? " (from " + origin + ")" : "") + ", but no pool is named '" + poolName + "'. "
				+ pools(knownPools), poolName, knownPools, setting, origin);
	}

	private UnknownTpoolException(String description, String poolName, Set<String> knownPools,
			@Nullable String requester, @Nullable Origin origin) {
		super(description, action(poolName, knownPools), null);
		this.poolName = poolName;
		this.knownPools = Collections.unmodifiableSet(new LinkedHashSet<>(knownPools));
		this.requester = requester;
		this.origin = origin;
	}

	private static String action(String poolName, Set<String> knownPools) {
		if (poolName.equals(TpoolRegistry.DEFAULT_POOL)) {
			return "Mark one of the Tpool beans @Primary, or ask for a pool by its name.";
		}
		String define = "a pool named " + poolName + " with its settings under tpool.pools." + poolName
				+ ", such as tpool.pools." + poolName + ".size=4.";
		if (knownPools.isEmpty()) {
			return "Define " + define;
		}
		return "Use the name of one of the pools (" + String.join(", ", knownPools) + "), or define " + define;
	}

	private static String pools(Set<String> knownPools) {
		return knownPools.isEmpty() ? "There is no pool." : "The pools are: " + String.join(", ", knownPools) + ".";
	}

	private static String description(String poolName, Set<String> knownPools, @Nullable String requester) {
		String asked = (requester != null) ? ", which " + requester + " asks for" : "";
		String pools = pools(knownPools);
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

	/**
	 * Where the value of the setting that asked for the pool came from.
	 * @return the origin, or {@code null} if the pool was not asked for by a setting or
	 * the origin is not known
	 * @since 0.3.0
	 */
	public @Nullable Origin getOrigin() {
		return this.origin;
	}

}
