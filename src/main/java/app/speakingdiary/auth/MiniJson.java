package app.speakingdiary.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON reader initData needs (its {@code user}, {@code receiver} and {@code chat} values), so that the
 * validator depends on the JDK alone. Strict RFC 8259: anything else is an {@link IllegalArgumentException}.
 * Numbers come back as {@link Long} when integral and within range, otherwise as {@link Double}.
 */
final class MiniJson {

	/** Read by index rather than through {@code charAt}: a user object parses in about a quarter less time. */
	private final char[] text;

	private int at;

	private MiniJson(String text) {
		this.text = text.toCharArray();
	}

	static Object parse(String text) {
		MiniJson json = new MiniJson(text);
		Object value = json.value(0);
		json.skipSpace();
		if (json.at != json.text.length) {
			throw new IllegalArgumentException("Trailing characters after the JSON value");
		}
		return value;
	}

	private Object value(int depth) {
		if (depth > 32) {
			throw new IllegalArgumentException("JSON nested too deeply");
		}
		skipSpace();
		char c = peek();
		return switch (c) {
			case '{' -> object(depth);
			case '[' -> array(depth);
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> result = new HashMap<>();
		this.at++;
		skipSpace();
		if (peek() == '}') {
			this.at++;
			return result;
		}
		while (true) {
			skipSpace();
			if (peek() != '"') {
				throw new IllegalArgumentException("Expected a key");
			}
			String key = string();
			skipSpace();
			expect(':');
			result.put(key, value(depth + 1));
			skipSpace();
			char c = next();
			if (c == '}') {
				return result;
			}
			if (c != ',') {
				throw new IllegalArgumentException("Expected , or }");
			}
		}
	}

	private List<Object> array(int depth) {
		List<Object> result = new ArrayList<>();
		this.at++;
		skipSpace();
		if (peek() == ']') {
			this.at++;
			return result;
		}
		while (true) {
			result.add(value(depth + 1));
			skipSpace();
			char c = next();
			if (c == ']') {
				return result;
			}
			if (c != ',') {
				throw new IllegalArgumentException("Expected , or ]");
			}
		}
	}

	private String string() {
		char[] text = this.text;
		int start = ++this.at;
		int end = start;
		while (end < text.length && text[end] != '"' && text[end] != '\\' && text[end] >= 0x20) {
			end++;
		}
		if (end < text.length && text[end] == '"') {
			this.at = end + 1;
			return new String(text, start, end - start);
		}
		// Escapes: decoded text is never longer than its JSON form. Characters since the last escape go in one
		// piece: photo URLs escape every slash.
		char[] out = new char[text.length - start];
		int length = 0;
		this.at = end;
		while (true) {
			char c = next();
			if (c == '"') {
				int run = this.at - 1 - start;
				System.arraycopy(text, start, out, length, run);
				return new String(out, 0, length + run);
			}
			if (c < 0x20) {
				throw new IllegalArgumentException("Control character in a JSON string");
			}
			if (c == '\\') {
				System.arraycopy(text, start, out, length, this.at - 1 - start);
				length += this.at - 1 - start;
				char e = next();
				out[length++] = switch (e) {
					case '"', '\\', '/' -> e;
					case 'b' -> '\b';
					case 'f' -> '\f';
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 't' -> '\t';
					case 'u' -> hexChar();
					default -> throw new IllegalArgumentException("Bad escape");
				};
				start = this.at;
			}
		}
	}

	/** The four ASCII hex digits of a {@code \\u} escape (Integer.parseInt would also take a sign). */
	private char hexChar() {
		if (this.at + 4 > this.text.length) {
			throw new IllegalArgumentException("Short \\u escape");
		}
		int value = 0;
		for (int i = 0; i < 4; i++) {
			char c = this.text[this.at++];
			int digit = (c >= '0' && c <= '9') ? c - '0'
					: (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
			if (digit < 0) {
				throw new IllegalArgumentException("Bad \\u escape");
			}
			value = (value << 4) | digit;
		}
		return (char) value;
	}

	private Object number() {
		int start = this.at;
		if (peek() == '-') {
			this.at++;
		}
		boolean integral = true;
		while (this.at < this.text.length) {
			char c = this.text[this.at];
			if (c >= '0' && c <= '9') {
				this.at++;
			}
			else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				integral = false;
				this.at++;
			}
			else {
				break;
			}
		}
		String number = new String(this.text, start, this.at - start);
		if (number.isEmpty() || number.equals("-")) {
			throw new IllegalArgumentException("Expected a JSON value");
		}
		if (integral && number.length() <= 18) {
			return Long.parseLong(number);
		}
		return Double.parseDouble(number);
	}

	private Object literal(String word, Object value) {
		for (int i = 0; i < word.length(); i++) {
			if (this.at + i >= this.text.length || this.text[this.at + i] != word.charAt(i)) {
				throw new IllegalArgumentException("Expected " + word);
			}
		}
		this.at += word.length();
		return value;
	}

	private void expect(char expected) {
		if (next() != expected) {
			throw new IllegalArgumentException("Expected " + expected);
		}
	}

	private char peek() {
		if (this.at >= this.text.length) {
			throw new IllegalArgumentException("Unexpected end of JSON");
		}
		return this.text[this.at];
	}

	private char next() {
		char c = peek();
		this.at++;
		return c;
	}

	private void skipSpace() {
		while (this.at < this.text.length) {
			char c = this.text[this.at];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.at++;
		}
	}

}
