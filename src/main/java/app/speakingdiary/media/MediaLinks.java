package app.speakingdiary.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;

/**
 * Short-lived links to one user's file of one entry, for {@code <audio>}, {@code <video>}
 * and {@code <img>}, which cannot send our headers: the link carries an HMAC-SHA256 of
 * the user, the entry and the expiry, so it can be checked in memory before anything
 * touches the database, and works on every replica.
 * <p>
 * Expiries are rounded up to a third of the lifetime, so that the same entry's link stays
 * the same across page loads (the browser caches the file) and still works for between
 * two thirds of the lifetime and all of it.
 */
@Component
class MediaLinks {

	static final String PATH = "/api/telegram/media/";

	private final SecretKeySpec key;

	private final Duration ttl;

	private final Clock clock;

	MediaLinks(DiaryProperties properties, Clock clock) {
		this.ttl = properties.media().linkTtl();
		this.clock = clock;
		String configured = properties.media().linkKey();
		byte[] key = (configured != null) ? configured.getBytes(StandardCharsets.UTF_8)
				: hmac(new SecretKeySpec("speaking-diary media links".getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
						properties.telegram().botToken());
		this.key = new SecretKeySpec(key, "HmacSHA256");
	}

	/** The path and query of a link valid now; relative, as the Mini App's API is. */
	String sign(long userId, long noteId) {
		long window = Math.max(1, this.ttl.toSeconds() / 3);
		long now = this.clock.instant().getEpochSecond();
		long expires = (now + this.ttl.toSeconds() - window) / window * window + window;
		return PATH + noteId + "?user=" + userId + "&expires=" + expires + "&signature="
				+ signature(userId, noteId, expires);
	}

	/**
	 * Whether a link's parts are a valid, unexpired signature; the comparison takes the
	 * same time however much of a forged signature is right.
	 */
	boolean verify(long userId, long noteId, long expires, @Nullable String signature) {
		if (signature == null || expires < this.clock.instant().getEpochSecond()
				|| expires > this.clock.instant().getEpochSecond() + this.ttl.toSeconds() + 1) {
			return false;
		}
		return MessageDigest.isEqual(signature(userId, noteId, expires).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

	/** Seconds until the link's expiry, for Cache-Control. */
	long secondsLeft(long expires) {
		return Math.max(0, expires - this.clock.instant().getEpochSecond());
	}

	private String signature(long userId, long noteId, long expires) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(hmac(this.key, "media:v1:" + userId + ":" + noteId + ":" + expires));
	}

	private static byte[] hmac(SecretKeySpec key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

}
