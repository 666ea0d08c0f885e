package app.speakingdiary.telegram.replies;

import org.jspecify.annotations.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import app.speakingdiary.config.DiaryProperties;

/**
 * Links into the Mini App. Parameters are appended to PUBLIC_WEBAPP_URL as it is
 * configured: an existing query string and fragment are kept, and each added value is
 * percent-encoded.
 */
@Component
public class WebAppLinks {

	/** The query parameter that carries a /start deep-link payload on to the Mini App. */
	static final String START_PARAMETER = "start";

	private final String baseUrl;

	private final @Nullable String configuredVersion;

	private final Clock clock;

	WebAppLinks(DiaryProperties properties, Clock clock) {
		this.baseUrl = properties.webapp().url().strip();
		this.configuredVersion = properties.webapp().version();
		this.clock = clock;
	}

	/**
	 * The Mini App opened from the /start button: with the user's session token and, if
	 * any, the payload.
	 */
	String withSession(String sessionToken, @Nullable String startPayload) {
		StringBuilder query = new StringBuilder();
		append(query, "session", sessionToken);
		append(query, "v", version());
		if (startPayload != null) {
			append(query, START_PARAMETER, startPayload);
		}
		return join(query);
	}

	/**
	 * The Mini App opened from the chat menu button: no session, the Mini App signs in
	 * with initData.
	 */
	public String withoutSession() {
		StringBuilder query = new StringBuilder();
		append(query, "v", version());
		return join(query);
	}

	/**
	 * WEBAPP_VERSION, else the day number (days since 1970-01-01 UTC), so Telegram's
	 * WebView reloads daily.
	 */
	String version() {
		return (this.configuredVersion != null) ? this.configuredVersion
				: String.valueOf(LocalDate.now(this.clock.withZone(ZoneOffset.UTC)).toEpochDay());
	}

	private String join(StringBuilder added) {
		int hash = this.baseUrl.indexOf('#');
		String beforeFragment = (hash < 0) ? this.baseUrl : this.baseUrl.substring(0, hash);
		String fragment = (hash < 0) ? "" : this.baseUrl.substring(hash);
		String separator = !beforeFragment.contains("?") ? "?"
				: (beforeFragment.endsWith("?") || beforeFragment.endsWith("&")) ? "" : "&";
		return beforeFragment + separator + added + fragment;
	}

	private static void append(StringBuilder query, String name, String value) {
		if (!query.isEmpty()) {
			query.append('&');
		}
		// '+' is legal in a query but read as a space by form decoding, so it is encoded
		// too.
		query.append(name)
			.append('=')
			.append(UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B"));
	}

}
