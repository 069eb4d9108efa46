package io.tpool.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.tpool.Tpool;
import io.tpool.watchdog.CarrierWatchdog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Import;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that an IDE shows: the defaults of the properties left
 * {@code null} in {@link TpoolProperties} (written by hand, they must be the ones the
 * builder and the watchdog apply), the keys under {@code tpool.pools.*.} and
 * {@code tpool.proxies.*.} that the configuration processor cannot describe (the keys of
 * a map's values; {@code *} stands for the pool's or the bean's name), and the hints.
 */
class TpoolPropertiesMetadataTests {

	private final Map<String, JsonNode> properties = tpoolProperties();

	private final Map<String, JsonNode> hints = tpoolHints();

	@Test
	void sizeDefaultIsTheBuildersDefaultSize() {
		assertThat(defaultValue("tpool.size").asInt()).isEqualTo(Tpool.DEFAULT_SIZE);
	}

	@Test
	void threadNamePrefixDefaultIsTheBuildersDefaultForTheDefaultName() {
		assertThat(defaultValue("tpool.thread-name-prefix").asString()).isEqualTo(Tpool.DEFAULT_NAME + "-");
	}

	@Test
	void shutdownAwaitTerminationPeriodDefaultIsTheBuildersShutdownTimeout() {
		assertThat(duration("tpool.shutdown.await-termination-period")).isEqualTo(Tpool.DEFAULT_SHUTDOWN_TIMEOUT);
	}

	@Test
	void watchdogThresholdDefaultIsTheWatchdogsDefault() {
		assertThat(duration("tpool.watchdog.threshold")).isEqualTo(CarrierWatchdog.DEFAULT_THRESHOLD);
	}

	@Test
	void queueCapacityHasNoDefaultBecauseUnsetMeansUnbounded() {
		assertThat(this.properties.get("tpool.queue-capacity").has("defaultValue")).isFalse();
	}

	@Test
	void keepAliveDefaultIsTheBuildersKeepAlive() {
		assertThat(duration("tpool.keep-alive")).isEqualTo(Tpool.DEFAULT_KEEP_ALIVE);
	}

	@Test
	void timeoutAndMaxQueueWaitHaveNoDefaultBecauseUnsetMeansNone() {
		assertThat(this.properties.get("tpool.timeout").has("defaultValue")).isFalse();
		assertThat(this.properties.get("tpool.max-queue-wait").has("defaultValue")).isFalse();
	}

	@Test
	void everyPoolSettingIsDocumentedWithItsType() {
		Map<String, String> types = Map.of("tpool.size", "java.lang.Integer", "tpool.queue-capacity",
				"java.lang.Integer", "tpool.thread-name-prefix", "java.lang.String", "tpool.keep-alive",
				"java.time.Duration", "tpool.timeout", "java.time.Duration", "tpool.max-queue-wait",
				"java.time.Duration", "tpool.shutdown.await-termination-period", "java.time.Duration");
		types.forEach((name, type) -> {
			JsonNode property = this.properties.get(name);
			assertThat(property).as(name).isNotNull();
			assertThat(property.path("type").asString()).as("type of " + name).isEqualTo(type);
			assertThat(property.path("description").asString()).as("description of " + name).isNotBlank();
		});
	}

	@Test
	void namedPoolsAreAMapFromNameToTheSettingsOfAPool() {
		JsonNode pools = this.properties.get("tpool.pools");
		assertThat(pools).isNotNull();
		assertThat(pools.path("type").asString())
			.isEqualTo("java.util.Map<java.lang.String," + PoolProperties.class.getName() + ">");
		assertThat(pools.path("description").asString()).contains("duckdbTpool");
	}

	@Test
	void webEnabledIsDocumentedAsABooleanThatDefaultsToTrue() {
		JsonNode web = this.properties.get("tpool.web.enabled");
		assertThat(web).isNotNull();
		assertThat(web.path("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(web.path("defaultValue").asBoolean()).isTrue();
		assertThat(web.path("description").asString()).startsWith("Whether").contains("503");
	}

	@Test
	void everySettingOfAPoolIsDescribedUnderNamedPoolsWithTheTypeItHasForTheDefaultPool() {
		List<String> keys = keys(PoolProperties.class, "");
		assertThat(keys).contains("size", "keep-alive", "shutdown.await-termination-period");
		assertThat(describedUnder("tpool.pools.*.")).containsExactlyInAnyOrderElementsOf(keys);
		for (String key : keys) {
			JsonNode named = this.properties.get("tpool.pools.*." + key);
			assertThat(named.path("type").asString()).as("type of tpool.pools.*.%s", key)
				.isEqualTo(this.properties.get("tpool." + key).path("type").asString());
			assertThat(named.path("description").asString()).as("description of tpool.pools.*.%s", key)
				.contains("named pool");
		}
	}

	@Test
	void defaultsOfANamedPoolAreTheBuildersAndItsThreadNamePrefixFollowsItsName() {
		assertThat(defaultValue("tpool.pools.*.size").asInt()).isEqualTo(Tpool.DEFAULT_SIZE);
		assertThat(duration("tpool.pools.*.keep-alive")).isEqualTo(Tpool.DEFAULT_KEEP_ALIVE);
		assertThat(duration("tpool.pools.*.shutdown.await-termination-period"))
			.isEqualTo(Tpool.DEFAULT_SHUTDOWN_TIMEOUT);
		assertThat(this.properties.get("tpool.pools.*.thread-name-prefix").has("defaultValue")).isFalse();
		assertThat(this.properties.get("tpool.pools.*.thread-name-prefix").path("description").asString())
			.contains("the pool's name and a dash");
		assertThat(this.properties.get("tpool.pools.*.queue-capacity").has("defaultValue")).isFalse();
	}

	@Test
	void everySettingOfAProxiedBeanIsDescribedUnderProxiesWithItsType() {
		List<String> keys = keys(TpoolProperties.ProxiedBean.class, "");
		assertThat(keys).containsExactlyInAnyOrder("interfaces", "autowrap", "autowrap-names", "pool");
		assertThat(describedUnder("tpool.proxies.*.")).containsExactlyInAnyOrderElementsOf(keys);
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(TpoolProperties.ProxiedBean.class)) {
			if (property.getReadMethod() == null || property.getWriteMethod() == null) {
				continue;
			}
			JsonNode described = this.properties
				.get("tpool.proxies.*." + DataObjectPropertyName.toDashedForm(property.getName()));
			assertThat(described.path("type").asString()).as(property.getName())
				.isEqualTo(ResolvableType.forMethodReturnType(property.getReadMethod()).toString());
			assertThat(described.path("description").asString()).as(property.getName()).isNotBlank();
		}
	}

	@Test
	void proxiesPoolHintsTheDefaultPoolAndAllowsTheNameOfAnyOtherPool() {
		for (String name : List.of("tpool.proxies.*.pool", "tpool.proxies.values.pool")) {
			JsonNode hint = this.hints.get(name);
			assertThat(hint).as(name).isNotNull();
			assertThat(hint.path("values").findValuesAsString("value")).as(name).containsExactly("tpool");
			assertThat(hint.path("providers").findValuesAsString("name")).as(name).containsExactly("any");
		}
	}

	@Test
	void proxiedInterfacesAndAutowrapAreHintedAsClassesThatNeedNotBeConcrete() {
		for (String name : List.of("tpool.proxies.*.interfaces", "tpool.proxies.*.autowrap",
				"tpool.proxies.values.interfaces", "tpool.proxies.values.autowrap")) {
			JsonNode provider = this.hints.get(name).path("providers").get(0);
			assertThat(provider.path("name").asString()).as(name).isEqualTo("class-reference");
			assertThat(provider.path("parameters").path("concrete").asBoolean(true)).as(name).isFalse();
		}
		assertThat(this.hints.get("tpool.proxies.keys").path("providers").get(0).path("name").asString())
			.isEqualTo("spring-bean-reference");
	}

	@Test
	void everyPropertyThatAnAutoConfigurationConditionReadsIsDescribed() throws IOException {
		Set<String> read = new TreeSet<>();
		try (InputStream in = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			assertThat(in).isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
				if (!line.isBlank() && !line.startsWith("#")) {
					collectConditionProperties(ClassUtils.resolveClassName(line.strip(), null), read);
				}
			}
		}
		assertThat(read).contains("tpool.enabled", "tpool.web.enabled", "tpool.watchdog.enabled");
		assertThat(this.properties.keySet()).containsAll(read);
	}

	private static void collectConditionProperties(Class<?> type, Set<String> read) {
		MergedAnnotations annotations = MergedAnnotations.from(type);
		annotations.stream(ConditionalOnBooleanProperty.class)
			.forEach((condition) -> add(condition.getString("prefix"), condition.getStringArray("name"),
					condition.getStringArray("value"), read));
		annotations.stream(ConditionalOnProperty.class)
			.forEach((condition) -> add(condition.getString("prefix"), condition.getStringArray("name"),
					condition.getStringArray("value"), read));
		annotations.stream(Import.class)
			.forEach((imported) -> Arrays.stream(imported.getClassArray("value"))
				.forEach((configuration) -> collectConditionProperties(configuration, read)));
		Arrays.stream(type.getDeclaredClasses()).forEach((nested) -> collectConditionProperties(nested, read));
	}

	private static void add(String prefix, String[] names, String[] values, Set<String> read) {
		String start = prefix.isEmpty() ? "" : prefix + ".";
		Stream.concat(Arrays.stream(names), Arrays.stream(values))
			.map((name) -> start + name)
			.filter((name) -> name.startsWith("tpool."))
			.forEach(read::add);
	}

	/** The keys of the properties of a properties class, nested groups included. */
	private static List<String> keys(Class<?> type, String prefix) {
		List<String> keys = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String key = prefix + DataObjectPropertyName.toDashedForm(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (property.getWriteMethod() == null && propertyType.getEnclosingClass() == type) {
				keys.addAll(keys(propertyType, key + "."));
			}
			else if (property.getWriteMethod() != null) {
				keys.add(key);
			}
		}
		return keys;
	}

	private List<String> describedUnder(String prefix) {
		return this.properties.keySet()
			.stream()
			.filter((name) -> name.startsWith(prefix))
			.map((name) -> name.substring(prefix.length()))
			.toList();
	}

	private Duration duration(String name) {
		return DurationStyle.detectAndParse(defaultValue(name).asString());
	}

	private JsonNode defaultValue(String name) {
		JsonNode property = this.properties.get(name);
		assertThat(property).as(name).isNotNull();
		assertThat(property.has("defaultValue")).as("default of " + name).isTrue();
		return property.get("defaultValue");
	}

	/**
	 * The tpool properties of the metadata that the configuration processor wrote,
	 * merging in {@code additional-spring-configuration-metadata.json}.
	 */
	private static Map<String, JsonNode> tpoolProperties() {
		Map<String, JsonNode> properties = tpoolEntries("properties");
		assertThat(properties).as("tpool properties in the metadata").containsKey("tpool.size");
		return properties;
	}

	private static Map<String, JsonNode> tpoolHints() {
		return tpoolEntries("hints");
	}

	private static Map<String, JsonNode> tpoolEntries(String section) {
		Map<String, JsonNode> entries = new HashMap<>();
		try {
			for (URL url : Collections.list(TpoolPropertiesMetadataTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode entry : JsonMapper.builder().build().readTree(in).path(section)) {
						if (entry.path("name").asString("").startsWith("tpool.")) {
							entries.put(entry.get("name").asString(), entry);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return entries;
	}

}
