package io.tpool.autoconfigure.offload;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.tpool.Autowrap;
import io.tpool.TpoolRegistry;
import io.tpool.autoconfigure.TpoolProperties;
import io.tpool.autoconfigure.UnknownTpoolException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.origin.Origin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;

/**
 * The existing beans named under {@code tpool.proxies}, bound from the environment and
 * checked: every class named must be an interface, and every bean must exist. A setting
 * that fails either is reported with its value and where it came from.
 * <p>
 * Bound here rather than through {@link TpoolProperties}, because the post-processor that
 * needs them is created before configuration properties are bound.
 *
 * @since 0.2.0
 */
public final class ConfiguredProxies {

	private static final String PREFIX = "tpool.proxies";

	private final Map<String, ConfiguredProxy> proxies;

	private final Map<String, Setting> settings;

	private ConfiguredProxies(Map<String, ConfiguredProxy> proxies, Map<String, Setting> settings) {
		this.proxies = proxies;
		this.settings = settings;
	}

	/**
	 * No configured proxies.
	 * @return an empty set of proxies
	 */
	public static ConfiguredProxies none() {
		return new ConfiguredProxies(Map.of(), Map.of());
	}

	/**
	 * Binds {@code tpool.proxies} from the environment.
	 * @param environment the environment
	 * @return the configured proxies
	 * @throws RuntimeException reported by Spring Boot's failure analysis when a setting
	 * names a class that does not exist or is not an interface
	 */
	public static ConfiguredProxies bind(Environment environment) {
		SettingRecorder recorder = new SettingRecorder();
		Map<String, TpoolProperties.ProxiedBean> bound;
		try {
			bound = Binder.get(environment)
				.bind(PREFIX, Bindable.mapOf(String.class, TpoolProperties.ProxiedBean.class), recorder)
				.orElse(Map.of());
		}
		catch (BindException ex) {
			throw unbindable(ex);
		}
		ConfiguredProxies configured = new ConfiguredProxies(new LinkedHashMap<>(), recorder.settings);
		bound.forEach((beanName, bean) -> {
			configured.requireInterfaces(beanName, "interfaces", bean.getInterfaces());
			configured.requireInterfaces(beanName, "autowrap", bean.getAutowrap());
			Autowrap autowrap = Autowrap.types(bean.getAutowrap().toArray(Class<?>[]::new))
				.and(Autowrap.names(bean.getAutowrapNames().toArray(String[]::new)));
			String pool = (bean.getPool() != null) ? bean.getPool() : "";
			configured.proxies.put(beanName,
					new ConfiguredProxy(beanName, autowrap, List.copyOf(bean.getInterfaces()), pool));
		});
		return configured;
	}

	private void requireInterfaces(String beanName, String key, List<Class<?>> types) {
		List<String> classes = types.stream().filter((type) -> !type.isInterface()).map(Class::getName).toList();
		if (!classes.isEmpty()) {
			throw invalid(beanName, key, names(types),
					String.join(", ", classes) + ((classes.size() == 1) ? " is" : " are") + " not an interface",
					"List only interfaces under " + display(beanName, key) + ", such as "
							+ (key.equals("autowrap") ? "java.sql.Connection" : "javax.sql.DataSource") + ".");
		}
	}

	/**
	 * The proxy configured for a bean. Names match as written in properties files; a name
	 * bound from an environment variable, which reaches the binder in lower case, matches
	 * ignoring case.
	 * @param beanName the bean's name
	 * @return its configured proxy, or {@code null}
	 */
	@Nullable ConfiguredProxy find(String beanName) {
		ConfiguredProxy proxy = this.proxies.get(beanName);
		if (proxy != null) {
			return proxy;
		}
		for (Map.Entry<String, ConfiguredProxy> entry : this.proxies.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(beanName)
					&& entry.getKey().equals(entry.getKey().toLowerCase(Locale.ROOT))) {
				return entry.getValue();
			}
		}
		return null;
	}

	/**
	 * Checks that every configured bean exists.
	 * @param beanFactory the bean factory
	 * @throws RuntimeException reported by Spring Boot's failure analysis when a bean
	 * does not exist
	 */
	void requireBeans(ListableBeanFactory beanFactory) {
		for (ConfiguredProxy proxy : this.proxies.values()) {
			if (!hasBean(beanFactory, proxy.beanName())) {
				Setting setting = firstSetting(proxy.beanName());
				throw InvalidOffloadException.setting(
						(setting != null) ? setting.name() : PREFIX + "." + proxy.beanName(),
						(setting != null) ? setting.value() : "", (setting != null) ? setting.origin() : null,
						"no bean of this application is named " + proxy.beanName(),
						"Use the name of an existing bean under " + PREFIX + ", such as dataSource (names written "
								+ "in properties files match exactly, from environment variables ignoring case), "
								+ "or remove " + PREFIX + "." + proxy.beanName() + ".");
			}
		}
	}

	/**
	 * Checks that the bean implements the interfaces configured for it.
	 * @param proxy the configured proxy
	 * @param targetClass the bean's class
	 * @throws RuntimeException reported by Spring Boot's failure analysis when it does
	 * not
	 */
	void requireImplemented(ConfiguredProxy proxy, Class<?> targetClass) {
		List<Class<?>> missing = proxy.interfaces()
			.stream()
			.filter((type) -> !type.isAssignableFrom(targetClass))
			.toList();
		if (!missing.isEmpty()) {
			throw invalid(proxy.beanName(), "interfaces", names(proxy.interfaces()),
					"bean '" + proxy.beanName() + "' (" + targetClass.getName() + ") does not implement "
							+ names(missing),
					"List under " + display(proxy.beanName(), "interfaces") + " only interfaces that "
							+ targetClass.getName() + " implements.");
		}
	}

	/**
	 * Checks that a pool has the name that the bean's pool setting gives.
	 * @param proxy the configured proxy, whose pool setting is set
	 * @param pools the application's pools
	 * @throws UnknownTpoolException if none has, naming the setting, its value and where
	 * the value came from
	 */
	void requirePool(ConfiguredProxy proxy, TpoolRegistry pools) {
		if (pools.find(proxy.pool()).isEmpty()) {
			String name = display(proxy.beanName(), "pool");
			Setting setting = this.settings.get(name);
			throw new UnknownTpoolException(proxy.pool(), pools.names(), name,
					(setting != null) ? setting.origin() : null);
		}
	}

	private InvalidOffloadException invalid(String beanName, String key, String value, String reason, String action) {
		Setting setting = this.settings.get(display(beanName, key));
		return InvalidOffloadException.setting(display(beanName, key), value,
				(setting != null) ? setting.origin() : null, reason, action);
	}

	private @Nullable Setting firstSetting(String beanName) {
		String prefix = PREFIX + "." + beanName + ".";
		return this.settings.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static boolean hasBean(ListableBeanFactory beanFactory, String configuredName) {
		if (beanFactory.containsBean(configuredName)) {
			return true;
		}
		if (beanFactory instanceof ConfigurableListableBeanFactory factory) {
			for (Iterator<String> names = factory.getBeanNamesIterator(); names.hasNext();) {
				if (names.next().equalsIgnoreCase(configuredName)) {
					return true;
				}
			}
		}
		return false;
	}

	private static InvalidOffloadException unbindable(BindException ex) {
		ConfigurationPropertyName name = ex.getName();
		ConfigurationProperty property = ex.getProperty();
		String display = (name.getNumberOfElements() >= 4) ? display(name) : name.toString();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String reason = (cause instanceof ClassNotFoundException)
				? "no class " + cause.getMessage() + " is on the class path"
				: "it cannot be bound: " + cause.getMessage();
		return InvalidOffloadException.setting(display, (property != null) ? String.valueOf(property.getValue()) : "",
				(property != null) ? property.getOrigin() : null, reason,
				"Set " + display + " to fully qualified names of interfaces, separated by commas.");
	}

	private static String display(String beanName, String key) {
		return PREFIX + "." + beanName + "." + key;
	}

	/** {@code tpool.proxies.<bean>.<key>} with the bean's name as written. */
	private static String display(ConfigurationPropertyName name) {
		return display(name.getElement(2, Form.ORIGINAL), name.getElement(3, Form.DASHED));
	}

	private static String names(List<Class<?>> types) {
		return types.stream().map(Class::getName).collect(Collectors.joining(","));
	}

	/**
	 * Where a setting came from.
	 *
	 * @param name the setting, as written in properties files
	 * @param value its value as written
	 * @param origin its origin, if known
	 */
	private record Setting(String name, String value, @Nullable Origin origin) {

	}

	/** Records each bound setting's origin, for the failure report. */
	private static final class SettingRecorder extends AbstractBindHandler {

		private final Map<String, Setting> settings = new LinkedHashMap<>();

		@Override
		public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			ConfigurationProperty property = context.getConfigurationProperty();
			if (property != null && name.getNumberOfElements() >= 4) {
				this.settings.putIfAbsent(display(name),
						new Setting(display(name), String.valueOf(property.getValue()), property.getOrigin()));
			}
			return super.onSuccess(name, target, context, result);
		}

	}

	/**
	 * One bean named under {@code tpool.proxies}.
	 *
	 * @param beanName the bean's name, as configured
	 * @param autowrap what to wrap of the values its methods return
	 * @param interfaces the interfaces whose methods run on the pool; every public method
	 * when empty
	 * @param pool the name of the pool its methods run on, empty for the default pool
	 */
	record ConfiguredProxy(String beanName, Autowrap autowrap, List<Class<?>> interfaces, String pool) {

	}

}
