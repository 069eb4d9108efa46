package io.tpool.watchdog;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link JsonReader}.
 */
class JsonReaderTests {

	@Test
	void readsEveryKindOfValue() {
		Map<String, @Nullable Object> object = JsonReader.readObject("""
				{"text": "a \\"quoted\\" \\\\ \\u00e9\\n", "whole": -12, "real": 1.5e2, "yes": true, "no": false,
				 "nothing": null, "list": [1, "two", {}], "empty": []}
				""");
		assertThat(object).containsExactly(entry("text", "a \"quoted\" \\ é\n"), entry("whole", -12L),
				entry("real", 150.0), entry("yes", true), entry("no", false), entry("nothing", null),
				entry("list", List.of(1L, "two", Map.of())), entry("empty", List.of()));
	}

	@Test
	void refusesWhatIsNotOneObjectNamingThePosition() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.readObject("[1]"))
			.withMessage("Expected an object at character 0 of JSON text");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.readObject("{\"a\": 1} x"))
			.withMessage("Expected the end of the text at character 9 of JSON text");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.readObject("{\"a\": tru}"))
			.withMessageStartingWith("Expected true at character 6");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.readObject("{\"a\": \"open"))
			.withMessageStartingWith("Expected the end of a string");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.readObject("{\"a\" 1}"))
			.withMessageStartingWith("Expected ':'");
	}

}
