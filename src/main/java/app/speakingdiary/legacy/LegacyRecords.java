package app.speakingdiary.legacy;

import org.jspecify.annotations.Nullable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;

/**
 * Reading the Flask deployment's telegram_sessions.json: an object keyed by Telegram user
 * id, each value {@code {"session_token", "created_at", "last_seen", "notes": [{"id",
 * "text", "timestamp"}]}}, with times as ISO-8601 strings (a time without an offset is
 * UTC) or Unix seconds.
 */
final class LegacyRecords {

	private LegacyRecords() {
	}

	static final class BadRecordException extends RuntimeException {

		BadRecordException(String message) {
			super(message);
		}

	}

	static long userId(String key) {
		try {
			long id = Long.parseLong(key.strip());
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new BadRecordException("the key is not a Telegram user id");
	}

	/**
	 * Old tokens are kept as they were issued, if they can travel in a header or a URL
	 * unchanged.
	 */
	static String sessionToken(JsonNode user) {
		JsonNode token = user.get("session_token");
		if (token == null || !token.isString() || token.asString().isBlank()) {
			throw new BadRecordException("no session_token");
		}
		String value = token.asString();
		if (value.length() > 256 || !value.chars().allMatch((c) -> c > 0x20 && c < 0x7f && c != '&' && c != '#')) {
			throw new BadRecordException("session_token has characters a header or URL cannot carry");
		}
		return value;
	}

	/**
	 * A time, or {@code fallback} when the field is absent; a present but unreadable time
	 * is an error.
	 */
	static @Nullable Instant time(@Nullable JsonNode node, String field, @Nullable Instant fallback) {
		JsonNode value = (node != null) ? node.get(field) : null;
		if (value == null || value.isNull()) {
			return fallback;
		}
		try {
			if (value.isNumber()) {
				return fromSeconds(value.decimalValue());
			}
			String text = value.asString().strip();
			if (text.matches("-?\\d+(\\.\\d+)?")) {
				return fromSeconds(new BigDecimal(text));
			}
			Instant parsed;
			try {
				parsed = OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				parsed = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			return checkedTime(field, parsed);
		}
		catch (BadRecordException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new BadRecordException(field + " is not an ISO-8601 time or Unix seconds");
		}
	}

	/**
	 * The old note id, or a digest of its time and text when it had none, so that a
	 * second run matches it.
	 */
	static String noteKey(JsonNode note, Instant timestamp, String text) {
		JsonNode id = note.get("id");
		if (id != null && !id.isNull() && !id.asString("").isBlank()) {
			return id.asString();
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Notes are dated from 1900 on (the database checks it too), and none from after
	 * 3000.
	 */
	private static Instant checkedTime(String field, Instant time) {
		if (time.isBefore(Instant.parse("1900-01-01T00:00:00Z")) || time.getEpochSecond() > 32503680000L) {
			throw new BadRecordException(field + " is out of range (1900-3000)");
		}
		return time;
	}

	private static Instant fromSeconds(BigDecimal seconds) {
		if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(32503680000L)) > 0) {
			throw new BadRecordException("time out of range");
		}
		return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
	}

}
