package io.tpool.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.tpool.ContextCarrier;
import io.tpool.Tpool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a {@link Tpool} bean for each pool under {@code tpool.pools}: the pool
 * {@code duckdb} is the bean {@code duckdbTpool}, made by {@link #namedPool} as the
 * default pool is made by its {@code @Bean} method. A bean of the application with that
 * name wins. A named pool is not a default candidate: an injection point of type
 * {@code Tpool} still gets the default pool, and a named one is injected by its bean name
 * or with {@code @Qualifier("duckdb")}.
 *
 * @since 0.2.0
 */
class NamedPoolsRegistrar implements ImportBeanDefinitionRegistrar {

	static final String BEAN_NAME_SUFFIX = "Tpool";

	private static final String PREFIX = "tpool.pools";

	private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

	private final Environment environment;

	NamedPoolsRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		Map<String, PoolProperties> pools = Binder.get(this.environment)
			.bind(PREFIX, Bindable.mapOf(String.class, PoolProperties.class))
			.orElse(Map.of());
		for (String name : pools.keySet()) {
			check(name);
			String beanName = name + BEAN_NAME_SUFFIX;
			if (!registry.isBeanNameInUse(beanName)) {
				registry.registerBeanDefinition(beanName, definition(name));
			}
		}
	}

	/**
	 * Creates the named pool, as {@code TpoolConfigurations.PoolConfiguration} creates
	 * the default one: the factory method of each named pool's bean definition.
	 * @param name the pool's name
	 * @param properties the properties
	 * @param environment where they come from
	 * @param taskDecorator the application's task decorator
	 * @param contextCarrier what carries the caller's state to the pool thread
	 * @param customizers the application's customizers of every pool's builder
	 * @param beanFactory the bean factory, to name the customizers in a failure report
	 * @return the pool
	 */
	static Tpool namedPool(String name, TpoolProperties properties, Environment environment,
			ObjectProvider<TaskDecorator> taskDecorator, ObjectProvider<ContextCarrier> contextCarrier,
			ObjectProvider<TpoolBuilderCustomizer> customizers, ListableBeanFactory beanFactory) {
		return TpoolFactory.namedPool(name, properties, environment)
			.create(taskDecorator.getIfUnique(), contextCarrier.getIfUnique(),
					TpoolBuilderCustomizers.of(customizers, beanFactory));
	}

	private static RootBeanDefinition definition(String name) {
		RootBeanDefinition definition = new RootBeanDefinition(NamedPoolsRegistrar.class);
		definition.setFactoryMethodName("namedPool");
		definition.setTargetType(Tpool.class);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		// a named pool is asked for by name: plain Tpool injection points keep the
		// default pool, and a named pool does not make it back off
		definition.setDefaultCandidate(false);
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
		return definition;
	}

	private void check(String name) {
		if (!VALID_NAME.matcher(name).matches()) {
			throw new InvalidTpoolPropertyException(
					"The tpool pool name '" + name + "'" + from(name)
							+ " is not valid: a pool name is letters, digits and dashes, starting with a letter.",
					"Rename the pool under " + PREFIX + ", as in " + PREFIX + ".duckdb.size.");
		}
		if (name.toLowerCase(Locale.ROOT).equals(Tpool.DEFAULT_NAME)) {
			throw new InvalidTpoolPropertyException(
					"The tpool pool name '" + name + "'" + from(name) + " is the name of the default pool, "
							+ "whose settings are directly under tpool.",
					"Give the pool under " + PREFIX + "." + name + " another name, or set the default pool's "
							+ "settings directly under tpool, as in tpool.size.");
		}
	}

	/**
	 * Where the first property of a pool comes from, for a failure report.
	 */
	private String from(String name) {
		ConfigurationPropertyName pools = ConfigurationPropertyName.of(PREFIX);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				ConfigurationProperty property = iterable.stream()
					.filter((candidate) -> pools.isAncestorOf(candidate)
							&& candidate.getElement(pools.getNumberOfElements(), Form.ORIGINAL).equals(name))
					.findFirst()
					.map(iterable::getConfigurationProperty)
					.orElse(null);
				String origin = origin(property);
				if (origin != null) {
					return " (from " + origin + ")";
				}
			}
		}
		return "";
	}

	private static @Nullable String origin(@Nullable ConfigurationProperty property) {
		return (property != null && property.getOrigin() != null) ? property.getOrigin().toString() : null;
	}

}
