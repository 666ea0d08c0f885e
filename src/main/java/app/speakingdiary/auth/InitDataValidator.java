package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.speakingdiary.auth.InitDataException.Reason;

/**
 * Validates Telegram Mini App initData exactly as Telegram's documentation says: the
 * JDK's HMAC and Ed25519, and Jackson's streaming parser for the JSON values
 * ({@link InitDataJson}).
 * <ul>
 * <li>HMAC (first party): secret = HMAC-SHA256(key "WebAppData", bot token);
 * data-check-string = every received field but {@code hash} (so {@code signature} stays
 * in), decoded once with form semantics, sorted by key, {@code key=value} joined by
 * {@code \n}; the hex HMAC must equal {@code hash}, compared in constant time.</li>
 * <li>Ed25519 (third party, Bot API 8.0): message = {@code <bot_id>:WebAppData\n} + the
 * sorted pairs without {@code hash} and {@code signature}; the signature is base64url,
 * padded or not.</li>
 * </ul>
 * Either way a repeated key, a missing or non-numeric {@code auth_date}, data older than
 * {@code maxAge} ({@code Duration.ZERO} disables the check) or dated in the future, and
 * malformed JSON values are rejected. Thread-safe.
 */
public final class InitDataValidator {

	// Declared first: the public keys below are decoded with it as the class initialises.
	private static final int[] HEX_VALUES = new int[128];

	static {
		Arrays.fill(HEX_VALUES, -256);
		for (int digit = 0; digit < 16; digit++) {
			HEX_VALUES["0123456789abcdef".charAt(digit)] = digit;
			HEX_VALUES["0123456789ABCDEF".charAt(digit)] = digit;
		}
	}

	/** Telegram's production public key for third-party validation. */
	public static final byte[] TELEGRAM_PUBLIC_KEY = hex(
			"e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d");

	/** Telegram's test-environment public key. */
	public static final byte[] TELEGRAM_TEST_PUBLIC_KEY = hex(
			"40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec");

	/** A client's clock may run a little ahead of ours. */
	static final Duration ALLOWED_FUTURE_SKEW = Duration.ofMinutes(5);

	/** 9999-12-31T23:59:59Z. */
	private static final long LAST_AUTH_DATE = 253_402_300_799L;

	private static final byte[] ED25519_X509_PREFIX = hex("302a300506032b6570032100");

	private final byte[] secretKey;

	private final Duration maxAge;

	private final Clock clock;

	private final ThreadLocal<Mac> macs;

	public InitDataValidator(String botToken, Duration maxAge, Clock clock) {
		this.secretKey = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken.getBytes(StandardCharsets.UTF_8));
		this.maxAge = maxAge;
		this.clock = clock;
		this.macs = ThreadLocal.withInitial(() -> newMac(this.secretKey));
	}

	/** Checks the HMAC made with this validator's bot token. */
	public InitData validate(@Nullable String initDataRaw) {
		Map<String, String> fields = parse(initDataRaw);
		String hash = fields.get("hash");
		if (hash == null) {
			throw new InitDataException(Reason.HASH_MISSING, "initData has no hash");
		}
		byte[] expected = hexOrNull(hash);
		if (expected == null || expected.length != 32) {
			throw new InitDataException(Reason.HASH_MALFORMED, "initData's hash is not 64 hex digits");
		}
		Mac mac = this.macs.get();
		byte[] actual = mac.doFinal(dataCheckString(null, fields, "hash").getBytes(StandardCharsets.UTF_8));
		// Only now, with the data authenticated, is anything in it read.
		if (!MessageDigest.isEqual(expected, actual)) {
			throw new InitDataException(Reason.SIGNATURE_INVALID, "initData's hash does not match");
		}
		return build(fields, this.maxAge, this.clock);
	}

	/**
	 * Checks Telegram's Ed25519 signature for the bot {@code botId}, without the bot's
	 * token.
	 */
	public static InitData validateSignature(String initDataRaw, long botId, byte[] ed25519PublicKey, Duration maxAge,
			Clock clock) {
		Map<String, String> fields = parse(initDataRaw);
		String signature = fields.get("signature");
		if (signature == null) {
			throw new InitDataException(Reason.SIGNATURE_MISSING, "initData has no signature");
		}
		byte[] signatureBytes;
		try {
			signatureBytes = Base64.getUrlDecoder().decode(signature);
		}
		catch (IllegalArgumentException ex) {
			throw new InitDataException(Reason.SIGNATURE_INVALID, "initData's signature is not base64url");
		}
		byte[] message = dataCheckString(botId + ":WebAppData\n", fields, "hash", "signature")
			.getBytes(StandardCharsets.UTF_8);
		if (!verifyEd25519(ed25519PublicKey, message, signatureBytes)) {
			throw new InitDataException(Reason.SIGNATURE_INVALID, "initData's signature does not match");
		}
		return build(fields, maxAge, clock);
	}

	/**
	 * Splits on '&', then on the first '='; decodes key and value once ('+' is a space);
	 * refuses repeats.
	 */
	static Map<String, String> parse(@Nullable String raw) {
		if (raw == null || raw.isBlank()) {
			throw new InitDataException(Reason.MISSING, "initData is empty");
		}
		Map<String, String> fields = new HashMap<>();
		int start = 0;
		int length = raw.length();
		while (start <= length) {
			int end = raw.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				int eq = raw.indexOf('=', start);
				if (eq < 0 || eq > end) {
					eq = end;
				}
				String key = decode(raw, start, eq);
				String value = (eq < end) ? decode(raw, eq + 1, end) : "";
				if (key.isEmpty()) {
					throw new InitDataException(Reason.MALFORMED, "initData has a pair without a key");
				}
				if (fields.put(key, value) != null) {
					throw new InitDataException(Reason.DUPLICATE_KEY, "initData repeats the key " + safe(key));
				}
			}
			start = end + 1;
		}
		return fields;
	}

	/**
	 * Form decoding ('+' is a space, %XX a UTF-8 byte) of one key or value, exactly once.
	 */
	private static String decode(String raw, int from, int to) {
		boolean plain = true;
		for (int i = from; i < to && plain; i++) {
			char c = raw.charAt(i);
			plain = c != '%' && c != '+';
		}
		if (plain) {
			return raw.substring(from, to);
		}
		// Raw initData is ASCII (everything else arrives percent-encoded), so it never
		// decodes to more bytes.
		byte[] bytes = new byte[to - from];
		int length = 0;
		int i = from;
		while (i < to) {
			char c = raw.charAt(i);
			if (c == '%') {
				int value = (i + 2 < to) ? (hexDigit(raw.charAt(i + 1)) << 4) | hexDigit(raw.charAt(i + 2)) : -1;
				if (value < 0) {
					throw new InitDataException(Reason.MALFORMED, "initData is not correctly URL-encoded");
				}
				bytes[length++] = (byte) value;
				i += 3;
			}
			else if (c < 0x80) {
				bytes[length++] = (byte) ((c == '+') ? ' ' : c);
				i++;
			}
			else {
				return decodeNonAscii(raw, from, to);
			}
		}
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	/**
	 * The rare raw initData with unencoded non-ASCII characters: the JDK's form decoder,
	 * same semantics.
	 */
	private static String decodeNonAscii(String raw, int from, int to) {
		try {
			return java.net.URLDecoder.decode(raw.substring(from, to), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InitDataException(Reason.MALFORMED, "initData is not correctly URL-encoded");
		}
	}

	private static String dataCheckString(@Nullable String prefix, Map<String, String> fields, String... excluded) {
		String[] keys = new String[fields.size()];
		int count = 0;
		for (String key : fields.keySet()) {
			if (!isExcluded(key, excluded)) {
				keys[count++] = key;
			}
		}
		// Sorted by key as Java compares strings (UTF-16 units): Telegram's keys are
		// ASCII, where it is byte order.
		Arrays.sort(keys, 0, count);
		StringBuilder out = new StringBuilder(512);
		if (prefix != null) {
			out.append(prefix);
		}
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				out.append('\n');
			}
			out.append(keys[i]).append('=').append(fields.get(keys[i]));
		}
		return out.toString();
	}

	private static boolean isExcluded(String key, String[] excluded) {
		for (String name : excluded) {
			if (name.equals(key)) {
				return true;
			}
		}
		return false;
	}

	private static InitData build(Map<String, String> fields, Duration maxAge, Clock clock) {
		String authDateText = fields.get("auth_date");
		if (authDateText == null) {
			throw new InitDataException(Reason.AUTH_DATE_MISSING, "initData has no auth_date");
		}
		long seconds;
		try {
			seconds = Long.parseLong(authDateText);
		}
		catch (NumberFormatException ex) {
			throw new InitDataException(Reason.AUTH_DATE_INVALID, "initData's auth_date is not a number");
		}
		// Past the year 9999 the date arithmetic below would overflow: no real auth_date
		// comes near it.
		if (seconds <= 0 || seconds > LAST_AUTH_DATE) {
			throw new InitDataException(Reason.AUTH_DATE_INVALID, "initData's auth_date is not a valid time");
		}
		Instant authDate = Instant.ofEpochSecond(seconds);
		Instant now = clock.instant();
		if (!maxAge.isZero() && authDate.plus(maxAge).isBefore(now)) {
			throw new InitDataException(Reason.EXPIRED, "initData is older than " + maxAge.toSeconds() + " s");
		}
		if (authDate.isAfter(now.plus(ALLOWED_FUTURE_SKEW))) {
			throw new InitDataException(Reason.FROM_THE_FUTURE, "initData's auth_date is in the future");
		}
		return new InitData(user(fields.get("user")), user(fields.get("receiver")), chat(fields.get("chat")),
				fields.get("chat_type"), fields.get("chat_instance"), fields.get("start_param"), fields.get("query_id"),
				authDate, fields.get("hash"), fields.get("signature"), Collections.unmodifiableMap(fields));
	}

	private static InitData.@Nullable User user(@Nullable String json) {
		return (json != null) ? InitDataJson.user(json) : null;
	}

	private static InitData.@Nullable Chat chat(@Nullable String json) {
		return (json != null) ? InitDataJson.chat(json) : null;
	}

	private static boolean verifyEd25519(byte[] publicKey, byte[] message, byte[] signature) {
		try {
			byte[] encoded = new byte[ED25519_X509_PREFIX.length + publicKey.length];
			System.arraycopy(ED25519_X509_PREFIX, 0, encoded, 0, ED25519_X509_PREFIX.length);
			System.arraycopy(publicKey, 0, encoded, ED25519_X509_PREFIX.length, publicKey.length);
			PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	private static Mac newMac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HmacSHA256", ex);
		}
	}

	private static byte[] hmac(byte[] key, byte[] message) {
		return newMac(key).doFinal(message);
	}

	private static byte[] hex(String hex) {
		byte[] bytes = hexOrNull(hex);
		if (bytes == null) {
			throw new IllegalArgumentException("not hex");
		}
		return bytes;
	}

	private static byte @Nullable [] hexOrNull(String hex) {
		if (hex.length() % 2 != 0) {
			return null;
		}
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			int high = hexDigit(hex.charAt(2 * i));
			int low = hexDigit(hex.charAt(2 * i + 1));
			if (high < 0 || low < 0) {
				return null;
			}
			bytes[i] = (byte) ((high << 4) | low);
		}
		return bytes;
	}

	/**
	 * A hex digit's value, or a negative number that stays negative when shifted and
	 * or-ed with another.
	 */
	private static int hexDigit(char c) {
		return (c < HEX_VALUES.length) ? HEX_VALUES[c] : -256;
	}

	private static String safe(String key) {
		return key.length() > 32 ? key.substring(0, 32) + "…" : key;
	}

}
