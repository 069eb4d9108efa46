package io.tpool.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import io.tpool.Tpool;
import io.tpool.watchdog.CarrierWatchdog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults that the configuration metadata shows an IDE for the properties left
 * {@code null} in {@link TpoolProperties}: written there by hand, they must be the ones
 * the builder and the watchdog apply.
 */
class TpoolPropertiesMetadataTests {

	private final Map<String, JsonNode> properties = tpoolProperties();

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
		Map<String, JsonNode> properties = new HashMap<>();
		try {
			for (URL url : Collections.list(TpoolPropertiesMetadataTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
						if (property.path("name").asString("").startsWith("tpool.")) {
							properties.put(property.get("name").asString(), property);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(properties).as("tpool properties in the metadata").containsKey("tpool.size");
		return properties;
	}

}
