package app.speakingdiary.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DiaryPropertiesTests {

	private static final String TOKEN = "123456:AAE-secret_token-value";

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class)
		.withPropertyValues("diary.telegram.bot-token=" + TOKEN, "diary.webapp.url=https://diary.example.org/");

	@Test
	void bindsAValidConfigurationWithDefaults() {
		this.contexts.run((context) -> {
			DiaryProperties properties = context.getBean(DiaryProperties.class);
			assertThat(properties.telegram().botId()).isEqualTo(123456L);
			assertThat(properties.telegram().apiUrl()).isEqualTo("https://api.telegram.org");
			assertThat(properties.telegram().hasWebhookSecret()).isFalse();
			assertThat(properties.telegram().initDataRequired()).isTrue();
			assertThat(properties.sessions().idleTimeout()).hasDays(30);
			assertThat(properties.notes().maxLength()).isEqualTo(4096);
			assertThat(properties.outbox().messagesPerSecond()).isEqualTo(30);
			assertThat(properties.webapp().version()).isNull();
		});
	}

	@Test
	void refusesAMissingBotTokenNamingTheVariable() {
		this.contexts.withPropertyValues("diary.telegram.bot-token=")
			.run((context) -> assertThat(failure(context)).isEqualTo("TELEGRAM_BOT_TOKEN is missing: set it to the token that @BotFather gave you"));
	}

	@Test
	void refusesAMalformedBotTokenWithoutPrintingIt() {
		this.contexts.withPropertyValues("diary.telegram.bot-token=not-a-token-Secret42").run((context) -> {
			assertThat(failure(context)).startsWith("TELEGRAM_BOT_TOKEN is not a bot token")
				.doesNotContain("Secret42");
		});
	}

	@Test
	void refusesAWebappUrlThatIsNotAbsoluteHttps() {
		for (String url : new String[] { "http://diary.example.org/", "diary.example.org", "/app", "ftp://x.org/" }) {
			this.contexts.withPropertyValues("diary.webapp.url=" + url)
				.run((context) -> assertThat(failure(context)).isEqualTo("PUBLIC_WEBAPP_URL must be an absolute https URL"));
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
			assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters")
				.doesNotContain("Value9");
		});
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=" + "a".repeat(257))
			.run((context) -> assertThat(failure(context)).startsWith("TELEGRAM_WEBHOOK_SECRET"));
	}

	@Test
	void acceptsTheLongestWebhookSecretTelegramAllows() {
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=" + "a-Z_9".repeat(51) + "x")
			.run((context) -> assertThat(context.getBean(DiaryProperties.class).telegram().hasWebhookSecret())
				.isTrue());
	}

	@Test
	void neverShowsSecretsInToString() {
		this.contexts.withPropertyValues("diary.telegram.webhook-secret=hook-secret-77").run((context) -> {
			String text = context.getBean(DiaryProperties.class).toString();
			assertThat(text).doesNotContain(TOKEN).doesNotContain("AAE-secret").doesNotContain("hook-secret-77");
		});
	}

	@Test
	void refusesANoteLimitAboveTheDatabaseCeiling() {
		this.contexts.withPropertyValues("diary.notes.max-length=16385")
			.run((context) -> assertThat(failure(context)).startsWith("NOTES_MAX_LENGTH"));
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
