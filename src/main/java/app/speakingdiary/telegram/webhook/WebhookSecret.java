package app.speakingdiary.telegram.webhook;

import org.jspecify.annotations.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;

/**
 * Checks that a webhook call comes from Telegram: its secret_token header must equal
 * TELEGRAM_WEBHOOK_SECRET. Compared in constant time, so the time taken says nothing
 * about the secret. (An old client's {@code ?secret=}, where LEGACY_QUERY_CREDENTIALS
 * allows it, arrives here as that header: see QueryCredentials.)
 */
@Component
class WebhookSecret {

	static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";

	private static final Logger logger = LoggerFactory.getLogger(WebhookSecret.class);

	private final byte @Nullable [] expected;

	WebhookSecret(DiaryProperties properties) {
		String secret = properties.telegram().webhookSecret();
		this.expected = (secret != null) ? sha256(secret.getBytes(StandardCharsets.UTF_8)) : null;
	}

	boolean admits(String header) {
		return (this.expected == null) || matches(header);
	}

	private boolean matches(String candidate) {
		// Digests have one length, so not even the secret's length shows in the
		// comparison time.
		byte[] given = sha256((candidate != null) ? candidate.getBytes(StandardCharsets.UTF_8) : new byte[0]);
		return MessageDigest.isEqual(this.expected, given) & (candidate != null);
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void warnWhenUnprotected() {
		if (this.expected == null) {
			logger.warn("TELEGRAM_WEBHOOK_INSECURE=true: the webhook takes updates from anyone who knows its URL. "
					+ "Set TELEGRAM_WEBHOOK_SECRET and register the webhook again (see README, Security).");
		}
	}

}
