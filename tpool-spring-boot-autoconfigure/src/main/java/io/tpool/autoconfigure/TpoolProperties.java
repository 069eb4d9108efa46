package io.tpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the tpool pool, the beans it proxies and its carrier
 * watchdog.
 *
 * @author tpool
 */
@ConfigurationProperties("tpool")
public class TpoolProperties {

	/**
	 * Whether to create the pool and offload @Offload beans and the configured proxies.
	 * When disabled, offloaded code runs on its caller.
	 */
	private boolean enabled = true;

	/**
	 * Number of pool threads, from 1 to 10000. When not set, the EVENTLET_THREADPOOL_SIZE
	 * environment variable, else 20.
	 */
	private @Nullable Integer size;

	/**
	 * Number of tasks, at least 1, that may wait while every pool thread is busy before a
	 * hand-off is refused. When not set, unbounded.
	 */
	private @Nullable Integer queueCapacity;

	/**
	 * Prefix of the pool threads' names, which end with 1, 2, and so on.
	 */
	private @Nullable String threadNamePrefix;

	private final Shutdown shutdown = new Shutdown();

	/**
	 * Existing beans, by bean name, whose public methods, or the methods of the
	 * interfaces listed for them, run on the pool, such as a DataSource from
	 * auto-configuration.
	 */
	private Map<String, ProxiedBean> proxies = new LinkedHashMap<>();

	private final Watchdog watchdog = new Watchdog();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getSize() {
		return this.size;
	}

	public void setSize(@Nullable Integer size) {
		this.size = size;
	}

	public @Nullable Integer getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(@Nullable Integer queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public @Nullable String getThreadNamePrefix() {
		return this.threadNamePrefix;
	}

	public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
		this.threadNamePrefix = threadNamePrefix;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
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

	/**
	 * Shutdown of the pool when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * How long running and queued tasks may take to finish when the context closes,
		 * before they are interrupted. Must not be negative.
		 */
		private @Nullable Duration awaitTerminationPeriod;

		public @Nullable Duration getAwaitTerminationPeriod() {
			return this.awaitTerminationPeriod;
		}

		public void setAwaitTerminationPeriod(@Nullable Duration awaitTerminationPeriod) {
			this.awaitTerminationPeriod = awaitTerminationPeriod;
		}

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

	}

}
