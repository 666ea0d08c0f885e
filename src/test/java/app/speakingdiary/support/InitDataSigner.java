package app.speakingdiary.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs initData the way Telegram does, for tests and the local run: the same bytes a
 * real Mini App would send as {@code Telegram.WebApp.initData}. Written from Telegram's
 * documentation, independently of the validator.
 */
public final class InitDataSigner {

	private final String botToken;

	public InitDataSigner(String botToken) {
		this.botToken = botToken;
	}

	/**
	 * initData for a user opened from the bot's button, dated {@code authDate} (Unix
	 * seconds).
	 */
	public String forUser(long userId, String firstName, String languageCode, long authDate) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("query_id", "AAH" + userId);
		fields.put("user",
				"{\"id\":" + userId + ",\"first_name\":\"" + firstName + "\",\"last_name\":\"\",\"username\":\"u"
						+ userId + "\",\"language_code\":\"" + languageCode
						+ "\",\"allows_write_to_pm\":true,\"photo_url\":" + "\"https:\\/\\/t.me\\/i\\/userpic\\/320\\/u"
						+ userId + ".svg\"}");
		fields.put("auth_date", String.valueOf(authDate));
		fields.put("signature", "c2lnbmVkLWJ5LXRlbGVncmFtLW5vdC1jaGVja2VkLWhlcmU");
		return sign(fields);
	}

	/**
	 * Signs the given decoded fields and returns the URL-encoded query string with its
	 * hash.
	 */
	public String sign(Map<String, String> fields) {
		String dataCheckString = new TreeMap<>(fields).entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + field.getValue())
			.collect(Collectors.joining("\n"));
		String hash = HexFormat.of()
			.formatHex(hmac(
					hmac("WebAppData".getBytes(StandardCharsets.UTF_8), this.botToken.getBytes(StandardCharsets.UTF_8)),
					dataCheckString.getBytes(StandardCharsets.UTF_8)));
		return fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&")) + "&hash=" + hash;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static byte[] hmac(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
