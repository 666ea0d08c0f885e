package app.speakingdiary.config;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the service, bound from the environment variables named in
 * application.yml and checked when the service starts. A failed check names the variable
 * and never echoes its value.
 */
@ConfigurationProperties("diary")
public record DiaryProperties(@DefaultValue Telegram telegram, @DefaultValue Webapp webapp,
		@DefaultValue Sessions sessions, @DefaultValue Notes notes, @DefaultValue Outbox outbox,
		@DefaultValue Http http, @DefaultValue Media media, @DefaultValue Speech speech, @DefaultValue Jobs jobs,
		@DefaultValue Users users) {

	/**
	 * The database refuses longer notes whatever this service is configured to accept.
	 */
	public static final int NOTE_LENGTH_CEILING = 16384;

	private static final Pattern BOT_TOKEN = Pattern.compile("(\\d{1,20}):[A-Za-z0-9_-]{1,128}");

	// Telegram's rule for setWebhook's secret_token.
	private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

	/**
	 * 32 characters of a random hex string carry 128 bits; anything shorter is guessable
	 * or typed by hand.
	 */
	public static final int WEBHOOK_SECRET_MIN_LENGTH = 32;

	// What placeholder values in examples and tutorials contain, and random strings
	// practically never do.
	private static final Pattern PLACEHOLDER = Pattern
		.compile("(?i).*(replace[-_]?with|change[-_]?me|your[-_]|example|placeholder|xxxxxx).*");

	/**
	 * Telegram's side. {@code webhookSecret} is required unless {@code webhookInsecure}
	 * says, loudly, that anyone may post updates; that opt-out is refused together with
	 * token-only clients, which would leave every account one forged {@code /start} away
	 * from being taken over.
	 */
	public record Telegram(String botToken, @Nullable String webhookSecret,
			@DefaultValue("false") boolean webhookInsecure, @DefaultValue("https://api.telegram.org") String apiUrl,
			@DefaultValue("24h") Duration initDataMaxAge, @DefaultValue("true") boolean initDataRequired,
			@DefaultValue("false") boolean setupOnStartup, @DefaultValue("48h") Duration processedUpdateRetention) {

		public Telegram {
			if (botToken == null || botToken.isBlank()) {
				throw new InvalidConfigurationException("TELEGRAM_BOT_TOKEN",
						"is missing: set it to the token that @BotFather gave you");
			}
			botToken = botToken.strip();
			if (!BOT_TOKEN.matcher(botToken).matches() || PLACEHOLDER.matcher(botToken).matches()) {
				throw new InvalidConfigurationException("TELEGRAM_BOT_TOKEN",
						"is not a bot token of the form <digits>:<characters>");
			}
			webhookSecret = (webhookSecret == null || webhookSecret.isBlank()) ? null : webhookSecret.strip();
			checkWebhookSecret(webhookSecret, webhookInsecure, initDataRequired);
			requireAbsoluteHttpUrl("TELEGRAM_API_URL", apiUrl, true);
			requireNotNegative("TELEGRAM_INITDATA_MAX_AGE", initDataMaxAge);
			requirePositive("TELEGRAM_PROCESSED_UPDATE_RETENTION", processedUpdateRetention);
			apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
		}

		/** The bot's own id: the digits before the colon of its token. */
		public long botId() {
			return Long.parseLong(this.botToken.substring(0, this.botToken.indexOf(':')));
		}

		public boolean hasWebhookSecret() {
			return this.webhookSecret != null;
		}

		private static void checkWebhookSecret(@Nullable String secret, boolean insecure, boolean initDataRequired) {
			if (secret == null) {
				if (!insecure) {
					throw new InvalidConfigurationException("TELEGRAM_WEBHOOK_SECRET", "is missing: generate one "
							+ "with 'openssl rand -hex 32' (running without it needs TELEGRAM_WEBHOOK_INSECURE=true)");
				}
				if (!initDataRequired) {
					throw new InvalidConfigurationException("TELEGRAM_WEBHOOK_INSECURE", "cannot be combined with "
							+ "TELEGRAM_INITDATA_REQUIRED=false: a forged /start would give anyone a working session");
				}
				return;
			}
			if (!WEBHOOK_SECRET.matcher(secret).matches()) {
				throw new InvalidConfigurationException("TELEGRAM_WEBHOOK_SECRET",
						"must be 32-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token)");
			}
			if (secret.length() < WEBHOOK_SECRET_MIN_LENGTH || looksLikeAPlaceholder(secret)) {
				throw new InvalidConfigurationException("TELEGRAM_WEBHOOK_SECRET", "is too weak: use at least "
						+ WEBHOOK_SECRET_MIN_LENGTH + " random characters, e.g. from 'openssl rand -hex 32'");
			}
		}

		@Override
		public String toString() {
			return "Telegram[botId=" + botId() + ", botToken=<redacted>, webhookSecret="
					+ (hasWebhookSecret() ? "<redacted>" : "<none>") + ", apiUrl=" + this.apiUrl + "]";
		}

	}

	/**
	 * Where the Mini App lives. {@code version} is added to its URL to bust Telegram's
	 * WebView cache; empty means the current day number. {@code allowHttp} exists for the
	 * local run only: Telegram accepts https alone.
	 */
	public record Webapp(String url, @Nullable String version, @DefaultValue("false") boolean allowHttp,
			@DefaultValue List<String> extraOrigins) {

		public Webapp {
			requireAbsoluteHttpUrl("PUBLIC_WEBAPP_URL", url, allowHttp);
			version = (version == null || version.isBlank()) ? null : version.strip();
			extraOrigins = extraOrigins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
			for (String origin : extraOrigins) {
				requireAbsoluteHttpUrl("CORS_EXTRA_ORIGINS", origin, true);
			}
		}

		public URI uri() {
			return URI.create(this.url.strip());
		}

	}

	/**
	 * Session tokens: unused for {@code idleTimeout} or older than {@code maxLifetime}
	 * they stop working; a user holds at most {@code maxPerUser} (the oldest is retired)
	 * and is issued at most {@code perMinute} a minute.
	 */
	public record Sessions(@DefaultValue("30d") Duration idleTimeout, @DefaultValue("90d") Duration maxLifetime,
			@DefaultValue("1m") Duration lastSeenInterval, @DefaultValue("20") int maxPerUser,
			@DefaultValue("10") int perMinute) {

		public Sessions {
			requirePositive("SESSION_IDLE_TIMEOUT", idleTimeout);
			requirePositive("SESSION_MAX_LIFETIME", maxLifetime);
			requireNotNegative("SESSION_LAST_SEEN_INTERVAL", lastSeenInterval);
			requireBetween("SESSIONS_MAX_PER_USER", maxPerUser, 1, 1000);
			requireBetween("SESSIONS_PER_MINUTE", perMinute, 1, 10_000);
		}

	}

	/**
	 * Notes: the longest text, and what one user may keep ({@code maxPerUser} notes,
	 * {@code maxBytesPerUser} of text) and write ({@code writesPerMinute} creates and
	 * deletes).
	 */
	public record Notes(@DefaultValue("4096") int maxLength, @DefaultValue("100000") int maxPerUser,
			@DefaultValue("100MB") DataSize maxBytesPerUser, @DefaultValue("30") int writesPerMinute) {

		public Notes {
			if (maxLength < 1 || maxLength > NOTE_LENGTH_CEILING) {
				throw new InvalidConfigurationException("NOTES_MAX_LENGTH",
						"must be between 1 and " + NOTE_LENGTH_CEILING + " characters");
			}
			requireBetween("NOTES_MAX_PER_USER", maxPerUser, 1, Integer.MAX_VALUE);
			if (maxBytesPerUser == null || maxBytesPerUser.toBytes() < NOTE_LENGTH_CEILING * 4L) {
				throw new InvalidConfigurationException("NOTES_MAX_BYTES_PER_USER",
						"must be a size of at least 64KB, such as 100MB");
			}
			requireBetween("NOTES_WRITES_PER_MINUTE", writesPerMinute, 1, 100_000);
		}

	}

	/**
	 * The public HTTP server's timeouts: a connection waiting for a request longer than
	 * {@code idleTimeout}, a request whose body pauses longer than {@code readTimeout} or
	 * takes longer than {@code requestTimeout} in all is closed, so that slow or idle
	 * clients cannot hold connections open. {@code legacyQueryCredentials} still accepts
	 * {@code ?secret=} and {@code ?session=} from old clients; either way they are taken
	 * out of the URL before anything can log it.
	 */
	public record Http(@DefaultValue("60s") Duration idleTimeout, @DefaultValue("10s") Duration readTimeout,
			@DefaultValue("30s") Duration requestTimeout, @DefaultValue("false") boolean legacyQueryCredentials) {

		public Http {
			requirePositive("HTTP_IDLE_TIMEOUT", idleTimeout);
			requirePositive("HTTP_READ_TIMEOUT", readTimeout);
			requirePositive("HTTP_REQUEST_TIMEOUT", requestTimeout);
		}

	}

	/**
	 * The Bot API sender. Telegram's published limits are about 30 messages a second
	 * overall and one a second per chat; with several replicas, divide
	 * {@code messagesPerSecond} among them.
	 */
	public record Outbox(@DefaultValue("30") int messagesPerSecond, @DefaultValue("1s") Duration perChatInterval,
			@DefaultValue("1s") Duration pollInterval, @DefaultValue("10s") Duration requestTimeout,
			@DefaultValue("10") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("5m") Duration maxBackoff, @DefaultValue("60s") Duration lease,
			@DefaultValue("7d") Duration retention, @DefaultValue("10") int maxOpenPerChat,
			@DefaultValue("true") boolean enabled) {

		public Outbox {
			if (messagesPerSecond < 1 || messagesPerSecond > 1000) {
				throw new InvalidConfigurationException("OUTBOX_MESSAGES_PER_SECOND", "must be between 1 and 1000");
			}
			if (maxAttempts < 1) {
				throw new InvalidConfigurationException("OUTBOX_MAX_ATTEMPTS", "must be at least 1");
			}
			requireNotNegative("OUTBOX_PER_CHAT_INTERVAL", perChatInterval);
			requirePositive("OUTBOX_POLL_INTERVAL", pollInterval);
			requirePositive("OUTBOX_REQUEST_TIMEOUT", requestTimeout);
			requirePositive("OUTBOX_INITIAL_BACKOFF", initialBackoff);
			requirePositive("OUTBOX_MAX_BACKOFF", maxBackoff);
			requirePositive("OUTBOX_RETENTION", retention);
			requireBetween("OUTBOX_MAX_OPEN_PER_CHAT", maxOpenPerChat, 1, 1000);
			if (lease.compareTo(requestTimeout.multipliedBy(2)) < 0) {
				throw new InvalidConfigurationException("OUTBOX_LEASE",
						"must be at least twice OUTBOX_REQUEST_TIMEOUT, or a slow send could be claimed twice");
			}
		}

	}

	/**
	 * Files from the chat. {@code maxFileSize} is the Bot API's download limit (20 MB; a
	 * local Bot API server allows more); {@code maxBytesPerUser} is what one user may
	 * keep in files. {@code linkTtl} is how long a signed media link works;
	 * {@code linkKey} signs them (by default a key derived from the bot token, so that
	 * every replica signs alike). A download is tried {@code downloadAttempts} times.
	 */
	public record Media(@DefaultValue("20MB") DataSize maxFileSize, @DefaultValue("1GB") DataSize maxBytesPerUser,
			@DefaultValue("15m") Duration linkTtl, @Nullable String linkKey, @DefaultValue("8") int downloadAttempts,
			@DefaultValue("5s") Duration downloadBackoff, @DefaultValue("60s") Duration downloadTimeout) {

		public Media {
			if (maxFileSize == null || maxFileSize.toBytes() < 1024
					|| maxFileSize.toBytes() > 2L * 1024 * 1024 * 1024) {
				throw new InvalidConfigurationException("MEDIA_MAX_FILE_SIZE", "must be a size from 1KB to 2GB");
			}
			if (maxBytesPerUser == null || maxBytesPerUser.toBytes() < 0) {
				throw new InvalidConfigurationException("MEDIA_MAX_BYTES_PER_USER", "must be a size such as 1GB");
			}
			requirePositive("MEDIA_LINK_TTL", linkTtl);
			if (linkTtl.compareTo(Duration.ofHours(24)) > 0) {
				throw new InvalidConfigurationException("MEDIA_LINK_TTL", "must be at most 24h: links are short-lived");
			}
			linkKey = (linkKey == null || linkKey.isBlank()) ? null : linkKey.strip();
			if (linkKey != null && (linkKey.length() < 32 || looksLikeAPlaceholder(linkKey))) {
				throw new InvalidConfigurationException("MEDIA_LINK_KEY",
						"is too weak: use at least 32 random characters, e.g. from 'openssl rand -hex 32'");
			}
			requireBetween("MEDIA_DOWNLOAD_ATTEMPTS", downloadAttempts, 1, 100);
			requirePositive("MEDIA_DOWNLOAD_BACKOFF", downloadBackoff);
			requirePositive("MEDIA_DOWNLOAD_TIMEOUT", downloadTimeout);
		}

		@Override
		public String toString() {
			return "Media[maxFileSize=" + this.maxFileSize + ", maxBytesPerUser=" + this.maxBytesPerUser + ", linkTtl="
					+ this.linkTtl + ", linkKey=" + ((this.linkKey != null) ? "<redacted>" : "<derived>") + "]";
		}

	}

	/**
	 * The optional speech-to-text server (OpenAI-compatible {@code POST} multipart
	 * {@code file}): without {@code url}, recordings are kept without transcripts.
	 */
	public record Speech(@Nullable String url, @DefaultValue("whisper-1") String model, @Nullable String apiKey,
			@DefaultValue("120s") Duration timeout, @DefaultValue("6") int maxAttempts,
			@DefaultValue("10s") Duration backoff) {

		public Speech {
			url = (url == null || url.isBlank()) ? null : url.strip();
			if (url != null) {
				requireAbsoluteHttpUrl("STT_URL", url, true);
			}
			if (model == null || model.isBlank() || model.length() > 128) {
				throw new InvalidConfigurationException("STT_MODEL", "must name the model, such as whisper-1");
			}
			apiKey = (apiKey == null || apiKey.isBlank()) ? null : apiKey.strip();
			requirePositive("STT_TIMEOUT", timeout);
			requireBetween("STT_MAX_ATTEMPTS", maxAttempts, 1, 100);
			requirePositive("STT_BACKOFF", backoff);
		}

		public boolean enabled() {
			return this.url != null;
		}

		@Override
		public String toString() {
			return "Speech[url=" + ((this.url != null) ? "<set>" : "<none>") + ", model=" + this.model + ", apiKey="
					+ ((this.apiKey != null) ? "<redacted>" : "<none>") + "]";
		}

	}

	/**
	 * Durable background work (db-scheduler on our PostgreSQL): {@code threads} run
	 * tasks, due work is looked for every {@code pollInterval}, and a task whose replica
	 * stopped sending heartbeats for {@code missedHeartbeats} × {@code heartbeatInterval}
	 * runs again elsewhere.
	 */
	public record Jobs(@DefaultValue("4") int threads, @DefaultValue("2s") Duration pollInterval,
			@DefaultValue("30s") Duration heartbeatInterval, @DefaultValue("4") int missedHeartbeats,
			@DefaultValue("true") boolean enabled) {

		public Jobs {
			requireBetween("JOBS_THREADS", threads, 1, 256);
			requirePositive("JOBS_POLL_INTERVAL", pollInterval);
			requirePositive("JOBS_HEARTBEAT_INTERVAL", heartbeatInterval);
			requireBetween("JOBS_MISSED_HEARTBEATS", missedHeartbeats, 4, 100);
		}

	}

	/**
	 * Users: {@code defaultTimeZone} is the IANA time zone of a user whose Mini App has
	 * not told us theirs yet (the bot speaks Russian, so Moscow time unless the operator
	 * says otherwise).
	 */
	public record Users(@DefaultValue("Europe/Moscow") String defaultTimeZone) {

		public Users {
			// A region name only: PostgreSQL reads offsets such as +03:00 or UTC+3 with
			// the opposite sign (POSIX), so Java and the database would disagree on days.
			if (defaultTimeZone == null || !java.time.ZoneId.getAvailableZoneIds().contains(defaultTimeZone)) {
				throw new InvalidConfigurationException("DEFAULT_TIME_ZONE",
						"must be an IANA time zone name such as Europe/Moscow");
			}
		}

	}

	private static void requireAbsoluteHttpUrl(String variable, String value, boolean allowHttp) {
		if (value == null || value.isBlank()) {
			throw new InvalidConfigurationException(variable, "is missing");
		}
		URI uri;
		try {
			uri = URI.create(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException(variable, "is not a valid URL");
		}
		boolean https = "https".equalsIgnoreCase(uri.getScheme());
		boolean http = "http".equalsIgnoreCase(uri.getScheme());
		if (!uri.isAbsolute() || uri.getHost() == null || !(https || (allowHttp && http))) {
			throw new InvalidConfigurationException(variable,
					allowHttp ? "must be an absolute http(s) URL" : "must be an absolute https URL");
		}
	}

	private static boolean looksLikeAPlaceholder(String value) {
		return PLACEHOLDER.matcher(value).matches() || value.chars().distinct().count() < 8;
	}

	private static void requireBetween(String variable, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidConfigurationException(variable, "must be a whole number from " + min + " to " + max);
		}
	}

	private static void requirePositive(String variable, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationException(variable, "must be a positive duration such as 30s, 5m or 7d");
		}
	}

	private static void requireNotNegative(String variable, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationException(variable, "must be a duration such as 0, 30s or 24h");
		}
	}

}
