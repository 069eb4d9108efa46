package io.tpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the tpool pools, the beans they proxy and the carrier
 * watchdog. The default pool's settings are directly under {@code tpool}, those of each
 * named pool under {@code tpool.pools.<name>}.
 */
@ConfigurationProperties("tpool")
public class TpoolProperties extends PoolProperties {

	/**
	 * Whether to create the pool and offload @Offload beans and the configured proxies.
	 * When disabled, offloaded code runs on its caller.
	 */
	private boolean enabled = true;

	/**
	 * Named pools, by name, each with the settings of the default pool. A pool named
	 * duckdb is a Tpool bean named duckdbTpool, whose threads are named duckdb-1,
	 * duckdb-2, and so on. A name is letters, digits and dashes, starting with a letter.
	 */
	private Map<String, PoolProperties> pools = new LinkedHashMap<>();

	/**
	 * Existing beans, by bean name, whose public methods, or the methods of the
	 * interfaces listed for them, run on the pool, such as a DataSource from
	 * auto-configuration.
	 */
	private Map<String, ProxiedBean> proxies = new LinkedHashMap<>();

	private final Watchdog watchdog = new Watchdog();

	private final Web web = new Web();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, PoolProperties> getPools() {
		return this.pools;
	}

	public void setPools(Map<String, PoolProperties> pools) {
		this.pools = pools;
	}

	public Map<String, ProxiedBean> getProxies() {
		return this.proxies;
	}

	public void setProxies(Map<String, ProxiedBean> proxies) {
		this.proxies = proxies;
	}

	public Watchdog getWatchdog() {
		return this.watchdog;
	}

	public Web getWeb() {
		return this.web;
	}

	/**
	 * An existing bean whose public methods, or the methods of some of its interfaces,
	 * run on the pool.
	 *
	 * @since 0.2.0
	 */
	public static class ProxiedBean {

		/**
		 * Interfaces of the bean whose methods run on the pool, such as
		 * javax.sql.DataSource; its other methods, such as a connection pool's getters,
		 * run on their caller. When not set, every public method runs on the pool.
		 */
		private List<Class<?>> interfaces = new ArrayList<>();

		/**
		 * Interfaces whose instances, returned by the bean's methods, come back as
		 * proxies whose methods run on the pool too, such as java.sql.Connection.
		 */
		private List<Class<?>> autowrap = new ArrayList<>();

		/**
		 * Names of methods whose return values come back as proxies whose methods run on
		 * the pool too.
		 */
		private List<String> autowrapNames = new ArrayList<>();

		/**
		 * Name of the pool whose threads run the bean's methods, such as a pool under
		 * tpool.pools. When not set, the default pool.
		 */
		private @Nullable String pool;

		public List<Class<?>> getInterfaces() {
			return this.interfaces;
		}

		public void setInterfaces(List<Class<?>> interfaces) {
			this.interfaces = interfaces;
		}

		public List<Class<?>> getAutowrap() {
			return this.autowrap;
		}

		public void setAutowrap(List<Class<?>> autowrap) {
			this.autowrap = autowrap;
		}

		public List<String> getAutowrapNames() {
			return this.autowrapNames;
		}

		public void setAutowrapNames(List<String> autowrapNames) {
			this.autowrapNames = autowrapNames;
		}

		public @Nullable String getPool() {
			return this.pool;
		}

		public void setPool(@Nullable String pool) {
			this.pool = pool;
		}

	}

	/**
	 * The carrier watchdog, which names the code that keeps every carrier thread busy
	 * while virtual threads wait.
	 */
	public static class Watchdog {

		/**
		 * Whether to enable the carrier watchdog.
		 */
		private boolean enabled = true;

		/**
		 * How long a virtual thread may keep its carrier, or the carriers may stay
		 * blocked, while other virtual threads wait, before the code that holds them is
		 * reported. Must be positive.
		 */
		private @Nullable Duration threshold;

		private final Compensation compensation = new Compensation();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(@Nullable Duration threshold) {
			this.threshold = threshold;
		}

		public Compensation getCompensation() {
			return this.compensation;
		}

	}

	/**
	 * Carrier compensation: a carrier added for each carrier that a virtual thread holds
	 * while others wait, and taken away once the holds end.
	 */
	public static class Compensation {

		/**
		 * Whether to add carriers for held ones (JDK 24 and later).
		 */
		private boolean enabled = true;

		/**
		 * How long a virtual thread must hold a carrier while others wait before a
		 * carrier is added. Must be positive and at most the watchdog's threshold.
		 */
		private @Nullable Duration after;

		/**
		 * The most carriers added above the parallelism the application started with.
		 * From 1 to 256.
		 */
		private @Nullable Integer maxExtraCarriers;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getAfter() {
			return this.after;
		}

		public void setAfter(@Nullable Duration after) {
			this.after = after;
		}

		public @Nullable Integer getMaxExtraCarriers() {
			return this.maxExtraCarriers;
		}

		public void setMaxExtraCarriers(@Nullable Integer maxExtraCarriers) {
			this.maxExtraCarriers = maxExtraCarriers;
		}

	}

	/**
	 * How a web application answers a call that a pool's deadline or refusal ended.
	 *
	 * @since 0.3.0
	 */
	public static class Web {

		/**
		 * Whether a TpoolTimeoutException or TpoolRejectedException that escapes a web
		 * handler answers 503 Service Unavailable with a problem detail. The
		 * application's own exception handlers win.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
