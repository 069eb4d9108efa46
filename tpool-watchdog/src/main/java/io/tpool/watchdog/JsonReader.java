package io.tpool.watchdog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads JSON text (RFC 8259) into maps, lists, strings, numbers (as {@link Long} where
 * whole, else {@link Double}), booleans and {@code null}: enough for the JDK's JSON
 * thread dumps, without a JSON library on the class path of a plain-Java application.
 * Strict: anything else is an {@link IllegalArgumentException} naming the position.
 *
 * @since 0.3.0
 */
final class JsonReader {

	private final String text;

	private int position;

	private JsonReader(String text) {
		this.text = text;
	}

	/**
	 * Reads a JSON object.
	 * @param text the JSON text
	 * @return the object's members, in their order
	 * @throws IllegalArgumentException if the text is not one JSON object
	 */
	static Map<String, @Nullable Object> readObject(String text) {
		JsonReader reader = new JsonReader(text);
		reader.skipWhitespace();
		if (reader.peek() != '{') {
			throw reader.error("an object");
		}
		Map<String, @Nullable Object> object = reader.object();
		reader.skipWhitespace();
		if (reader.position != text.length()) {
			throw reader.error("the end of the text");
		}
		return object;
	}

	private @Nullable Object value() {
		skipWhitespace();
		char next = peek();
		return switch (next) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (next == '-' || (next >= '0' && next <= '9')) {
					yield number();
				}
				throw error("a value");
			}
		};
	}

	private Map<String, @Nullable Object> object() {
		this.position++;
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return members;
		}
		for (;;) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("a member's name");
			}
			String name = string();
			skipWhitespace();
			expect(':');
			members.put(name, value());
			skipWhitespace();
			if (peek() == ',') {
				this.position++;
				continue;
			}
			expect('}');
			return members;
		}
	}

	private List<@Nullable Object> array() {
		this.position++;
		List<@Nullable Object> elements = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return elements;
		}
		for (;;) {
			elements.add(value());
			skipWhitespace();
			if (peek() == ',') {
				this.position++;
				continue;
			}
			expect(']');
			return elements;
		}
	}

	private String string() {
		this.position++;
		StringBuilder string = new StringBuilder();
		for (;;) {
			if (this.position >= this.text.length()) {
				throw error("the end of a string");
			}
			char next = this.text.charAt(this.position++);
			if (next == '"') {
				return string.toString();
			}
			if (next != '\\') {
				if (next < 0x20) {
					throw error("no control character in a string");
				}
				string.append(next);
				continue;
			}
			if (this.position >= this.text.length()) {
				throw error("an escape");
			}
			char escaped = this.text.charAt(this.position++);
			switch (escaped) {
				case '"', '\\', '/' -> string.append(escaped);
				case 'b' -> string.append('\b');
				case 'f' -> string.append('\f');
				case 'n' -> string.append('\n');
				case 'r' -> string.append('\r');
				case 't' -> string.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("four hexadecimal digits");
					}
					try {
						string.append((char) Integer.parseInt(this.text, this.position, this.position + 4, 16));
					}
					catch (NumberFormatException ex) {
						throw error("four hexadecimal digits");
					}
					this.position += 4;
				}
				default -> throw error("an escape");
			}
		}
	}

	private Object number() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		boolean whole = true;
		while (this.position < this.text.length()) {
			char next = this.text.charAt(this.position);
			if (next >= '0' && next <= '9') {
				this.position++;
			}
			else if (next == '.' || next == 'e' || next == 'E' || next == '+' || next == '-') {
				whole = false;
				this.position++;
			}
			else {
				break;
			}
		}
		String number = this.text.substring(start, this.position);
		try {
			if (whole) {
				return Long.valueOf(number);
			}
			return Double.valueOf(number);
		}
		catch (NumberFormatException ex) {
			this.position = start;
			throw error("a number");
		}
	}

	private @Nullable Object literal(String literal, @Nullable Object value) {
		if (!this.text.startsWith(literal, this.position)) {
			throw error(literal);
		}
		this.position += literal.length();
		return value;
	}

	private void expect(char expected) {
		if (peek() != expected) {
			throw error("'" + expected + "'");
		}
		this.position++;
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char next = this.text.charAt(this.position);
			if (next != ' ' && next != '\t' && next != '\n' && next != '\r') {
				return;
			}
			this.position++;
		}
	}

	private IllegalArgumentException error(String expected) {
		return new IllegalArgumentException(
				"Expected " + expected + " at character " + this.position + " of JSON text");
	}

}
