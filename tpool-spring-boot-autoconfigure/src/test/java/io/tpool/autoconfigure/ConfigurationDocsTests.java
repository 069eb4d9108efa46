package io.tpool.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} against the configuration metadata that an IDE shows:
 * every key of the metadata that the configuration processor generated, and of
 * {@code additional-spring-configuration-metadata.json}, is in one of the page's tables
 * with its default, and the page names no key that the metadata lacks. The metadata
 * writes the keys under a map's values with {@code *} ({@code tpool.pools.*.size}); the
 * page writes {@code <name>} and {@code <bean>}.
 */
class ConfigurationDocsTests {

	/** A row of one of the page's tables: the key, then its default, then the rest. */
	private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|.*\\|\\s*$",
			Pattern.MULTILINE);

	/** A key that the page names anywhere, in a table, in prose or in code. */
	private static final Pattern KEY = Pattern
		.compile("(?<![\\w.<>*-])(tpool|management\\.endpoint\\.tpool)((?:\\.(?:[a-z0-9-]+|<name>|<bean>|\\*))+)");

	private final Map<String, JsonNode> metadata = metadata();

	private final String page = RepositoryFiles
		.read(RepositoryFiles.root().resolve(Path.of("docs", "configuration.md")));

	private final Map<String, String> rows = rows(this.page);

	@Test
	void everyKeyOfTheMetadataIsInATableOfThePage() {
		assertThat(this.metadata).as("tpool keys in the configuration metadata").containsKey("tpool.size");
		assertThat(this.rows.keySet()).as("keys in the tables of docs/configuration.md")
			.containsAll(this.metadata.keySet());
	}

	@Test
	void everyKeyWithADefaultInTheMetadataHasThatDefaultOnThePage() {
		Map<String, String> wrong = new TreeMap<>();
		this.metadata.forEach((key, property) -> {
			String row = this.rows.get(key);
			if (row != null && property.has("defaultValue")) {
				String expected = "`" + text(property.get("defaultValue")) + "`";
				if (!row.contains(expected)) {
					wrong.put(key, "expected " + expected + " in '" + row.strip() + "'");
				}
			}
		});
		assertThat(wrong).as("defaults of docs/configuration.md that are not the metadata's").isEmpty();
	}

	@Test
	void everyKeyWithoutADefaultInTheMetadataSaysOnThePageWhatUnsetMeans() {
		List<String> blank = new ArrayList<>();
		this.metadata.forEach((key, property) -> {
			String row = this.rows.get(key);
			if (row != null && !property.has("defaultValue") && row.isBlank()) {
				blank.add(key);
			}
		});
		assertThat(blank).as("keys of docs/configuration.md without a default").isEmpty();
	}

	@Test
	void thePageNamesNoKeyThatTheMetadataLacks() {
		assertThat(new TreeSet<>(this.rows.keySet())).as("keys in the tables of docs/configuration.md")
			.allSatisfy((key) -> assertThat(this.metadata).as("the metadata").containsKey(key));
		List<String> unknown = new ArrayList<>();
		Matcher named = KEY.matcher(this.page);
		while (named.find()) {
			String key = normalized(named.group());
			if (!isKeyOrGroup(key)) {
				unknown.add(named.group());
			}
		}
		assertThat(unknown).as("keys that docs/configuration.md names but the metadata lacks").isEmpty();
	}

	/**
	 * Whether a key is one of the metadata's, or the start of some (a group such as
	 * {@code tpool.watchdog}); {@code *} in the metadata stands for any one name.
	 */
	private boolean isKeyOrGroup(String key) {
		String[] parts = key.split("\\.");
		for (String candidate : this.metadata.keySet()) {
			String[] candidateParts = candidate.split("\\.");
			if (candidateParts.length < parts.length) {
				continue;
			}
			boolean matches = true;
			for (int i = 0; i < parts.length && matches; i++) {
				matches = candidateParts[i].equals("*") || candidateParts[i].equals(parts[i]);
			}
			if (matches) {
				return true;
			}
		}
		return false;
	}

	/** The default cell of each row of the page's tables, by the row's key. */
	private static Map<String, String> rows(String page) {
		Map<String, String> rows = new LinkedHashMap<>();
		Matcher row = ROW.matcher(page);
		while (row.find()) {
			String key = normalized(row.group(1));
			if (key.startsWith("tpool.") || key.startsWith("management.endpoint.tpool.")) {
				assertThat(rows).as("rows of docs/configuration.md").doesNotContainKey(key);
				rows.put(key, row.group(2));
			}
		}
		return rows;
	}

	/**
	 * A key as the metadata writes it: {@code <name>} and {@code <bean>} as {@code *}.
	 */
	private static String normalized(String key) {
		String normalized = key.replace("<name>", "*").replace("<bean>", "*");
		return normalized.endsWith(".") ? normalized.substring(0, normalized.length() - 1) : normalized;
	}

	private static String text(JsonNode value) {
		if (value.isBoolean()) {
			return String.valueOf(value.asBoolean());
		}
		return value.isNumber() ? value.numberValue().toString() : value.asString();
	}

	/**
	 * The tpool properties of the configuration metadata on the class path: the file that
	 * the configuration processor generated, and the additional one it merged.
	 */
	private static Map<String, JsonNode> metadata() {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			try {
				for (URL url : Collections.list(ConfigurationDocsTests.class.getClassLoader().getResources(resource))) {
					try (InputStream in = url.openStream()) {
						for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
							String name = property.path("name").asString("");
							if (name.startsWith("tpool.") || name.startsWith("management.endpoint.tpool.")) {
								properties.merge(name, property,
										(known, other) -> known.has("defaultValue") ? known : other);
							}
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return properties;
	}

}
