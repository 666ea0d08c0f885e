package app.speakingdiary.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DiaryPropertiesTests {

	private static final String TOKEN = "123456:AAE-secret_token-value";

	private static final String SECRET = "0f3c9a1be27d48f6a5c0e9b1d2f37a84";

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class)
		.withPropertyValues("diary.telegram.bot-token=" + TOKEN, "diary.telegram.webhook-secret=" + SECRET,
				"diary.webapp.url=https://diary.example.org/");

	@Test
	void bindsAValidConfigurationWithDefaults() {
		this.contexts.run((context) -> {
			DiaryProperties properties = context.getBean(DiaryProperties.class);
			assertThat(properties.telegram().botId()).isEqualTo(123456L);
			assertThat(properties.telegram().apiUrl()).isEqualTo("https://api.telegram.org");
			assertThat(properties.telegram().hasWebhookSecret()).isTrue();
			assertThat(properties.telegram().initDataRequired()).isTrue();
			assertThat(properties.sessions().idleTimeout()).hasDays(30);
			assertThat(properties.sessions().maxLifetime()).hasDays(90);
			assertThat(properties.sessions().maxPerUser()).isEqualTo(20);
			assertThat(properties.sessions().perMinute()).isEqualTo(10);
			assertThat(properties.notes().maxLength()).isEqualTo(4096);
			assertThat(properties.notes().maxPerUser()).isEqualTo(100_000);
			assertThat(properties.notes().maxBytesPerUser().toMegabytes()).isEqualTo(100);
			assertThat(properties.notes().writesPerMinute()).isEqualTo(30);
			assertThat(properties.outbox().maxOpenPerChat()).isEqualTo(10);
			assertThat(properties.http().idleTimeout()).hasSeconds(60);
			assertThat(properties.http().legacyQueryCredentials()).isFalse();
			assertThat(properties.outbox().messagesPerSecond()).isEqualTo(30);
			assertThat(properties.webapp().version()).isNull();
		});
	}

	@Test
	void refusesAMissingBotTokenNamingTheVariable() {
		this.contexts.withPropertyValues("diary.telegram.bot-token=")
			.run((context) -> assertThat(failure(context))
				.isEqualTo("TELEGRAM_BOT_TOKEN is missing: set it to the token that @BotFather gave you"));
	}

	@Test
	void refusesAMalformedBotTokenWithoutPrintingIt() {
		this.contexts.withPropertyValues("diary.telegram.bot-token=not-a-token-Secret42").run((context) -> {
			assertThat(failure(context)).startsWith("TELEGRAM_BOT_TOKEN is not a bot token").doesNotContain("Secret42");
		});
	}

	@Test
	void refusesAWebappUrlThatIsNotAbsoluteHttps() {
		for (String url : new String[] { "http://diary.example.org/", "diary.example.org", "/app", "ftp://x.org/" }) {
			this.contexts.withPropertyValues("diary.webapp.url=" + url)
				.run((context) -> assertThat(failure(context))
					.isEqualTo("PUBLIC_WEBAPP_URL must be an absolute https URL"));
		}
	}

	@Test
	void acceptsPlainHttpOnlyWhenTheLocalRunAllowsIt() {
		this.contexts.withPropertyValues("diary.webapp.url=http://localhost:8080/", "diary.webapp.allow-http=true")
			.run((context) -> assertThat(context.getBean(DiaryProperties.class).webapp().uri().getPort())
				.isEqualTo(8080));
	}

	@Test
	void refusesAWebhookSecretOutsideTelegramsAlphabetWithoutPrintingIt() {
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=bad secret!Value9").run((context) -> {
			assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_SECRET must be 32-256 characters")
				.doesNotContain("Value9");
		});
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=" + "a".repeat(257))
			.run((context) -> assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_SECRET"));
	}

	@Test
	void acceptsTheLongestWebhookSecretTelegramAllows() {
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=" + "a-Z_9bcdEF".repeat(25) + "x1234z")
			.run((context) -> assertThat(context.getBean(DiaryProperties.class).telegram().hasWebhookSecret())
				.isTrue());
	}

	@Test
	void neverShowsSecretsInToString() {
		this.contexts.run((context) -> {
			String text = context.getBean(DiaryProperties.class).toString();
			assertThat(text).doesNotContain(TOKEN).doesNotContain("AAE-secret").doesNotContain(SECRET);
		});
	}

	@Test
	void refusesToStartWithoutAWebhookSecret() {
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=")
			.run((context) -> assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_SECRET is missing")
				.contains("TELEGRAM_WEBHOOK_INSECURE=true"));
	}

	@Test
	void runsWithoutASecretOnlyWhenTheOperatorOptsOut() {
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=", "diary.telegram.webhook-insecure=true")
			.run((context) -> assertThat(context.getBean(DiaryProperties.class).telegram().hasWebhookSecret())
				.isFalse());
	}

	@Test
	void neverRunsWithoutASecretAndWithTokenOnlyClientsAtOnce() {
		this.contexts
			.withPropertyValues("diary.telegram.webhook-secret=", "diary.telegram.webhook-insecure=true",
					"diary.telegram.init-data-required=false")
			.run((context) -> assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_INSECURE cannot be combined"));
	}

	@Test
	void refusesWeakWebhookSecretsWithoutPrintingThem() {
		for (String weak : new String[] { "hook-secret-77", "replace-with-a-long-random-string",
				"change-me-change-me-change-me-change-me", "a".repeat(40), "abababababababababababababababab",
				"my-example-webhook-secret-for-the-diary-bot" }) {
			this.contexts.withPropertyValues("diary.telegram.webhook-secret=" + weak)
				.run((context) -> assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_SECRET is too weak")
					.doesNotContain(weak));
		}
	}

	@Test
	void refusesTheBotTokenPlaceholderOfTheExampleFile() {
		this.contexts.withPropertyValues("diary.telegram.bot-token=123456789:replace-with-the-token-from-BotFather")
			.run((context) -> assertThat(failure(context)).startsWith("TELEGRAM_BOT_TOKEN is not a bot token"));
	}

	@Test
	void refusesANoteLimitAboveTheDatabaseCeiling() {
		this.contexts.withPropertyValues("diary.notes.max-length=16385")
			.run((context) -> assertThat(failure(context)).startsWith("NOTES_MAX_LENGTH"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "+03:00", "UTC+3", "GMT+3", "Mars/Olympus" })
	void refusesADefaultTimeZoneThatIsNotARegionName(String zone) {
		this.contexts.withPropertyValues("diary.users.default-time-zone=" + zone)
			.run((context) -> assertThat(failure(context)).startsWith("DEFAULT_TIME_ZONE"));
	}

	private static String failure(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = context.getStartupFailure();
		while (cause != null && !(cause instanceof InvalidConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("an InvalidConfigurationException in the failure").isNotNull();
		return cause.getMessage();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DiaryProperties.class)
	static class PropertiesOnly {

	}

}
