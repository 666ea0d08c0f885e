package app.speakingdiary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import java.time.Instant;

import org.springframework.boot.SpringApplication;

import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.telegram.FakeBotApi;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The local run ({@code ./mvnw spring-boot:test-run}): the real service on
 * http://localhost:8080 with a real PostgreSQL and a local stand-in for Telegram's Bot
 * API, so that nobody needs a Telegram account to try it. Whatever is set in the
 * environment wins over these defaults.
 */
public final class LocalSpeakingDiaryApplication {

	static final Path LOCAL_DIRECTORY = Path.of(".local");

	private LocalSpeakingDiaryApplication() {
	}

	public static void main(String[] args) {
		String token = envOr("TELEGRAM_BOT_TOKEN", localBotToken());
		FakeBotApi botApi = new FakeBotApi(token, "SpeakingDiaryLocalBot",
				Integer.parseInt(envOr("LOCAL_BOT_API_PORT", "8089")));
		LocalRun.botApi = botApi;
		// What a Mini App would send as Telegram.WebApp.initData, signed with the local
		// bot's token.
		InitDataSigner signer = new InitDataSigner(token);
		botApi.extraRoutes(
				(call) -> call.path().equals("/init-data")
						? JsonNodeFactory.instance.stringNode(signer.forUser(call.body().path("user_id").asLong(42),
								call.body().path("first_name").asString("Ada"),
								call.body().path("language_code").asString("en"), Instant.now().getEpochSecond()))
						: null);
		defaultTo("TELEGRAM_BOT_TOKEN", "diary.telegram.bot-token", token);
		if (System.getenv("TELEGRAM_WEBHOOK_SECRET") == null && System.getenv("TELEGRAM_WEBHOOK_INSECURE") == null) {
			System.setProperty("diary.telegram.webhook-secret", localSecret("local-webhook-secret", "", 32));
		}
		defaultTo("TELEGRAM_API_URL", "diary.telegram.api-url", botApi.url());
		if (System.getenv("PUBLIC_WEBAPP_URL") == null) {
			System.setProperty("diary.webapp.url", "http://localhost:" + envOr("SERVER_PORT", "8080") + "/");
			System.setProperty("diary.webapp.allow-http", "true");
		}
		// The Mini App's page at http://localhost:8080/ (in production Caddy serves it).
		System.setProperty("spring.web.resources.static-locations", "file:webapp/");
		// Without a Docker engine the embedded server is used; Testcontainers' detailed
		// complaint would only alarm.
		System.setProperty("logging.level.org.testcontainers.dockerclient", "OFF");
		SpringApplication.from(SpeakingDiaryApplication::main).with(LocalRun.class).run(args);
	}

	/**
	 * A bot token made once per checkout and kept in .local/, so that signed test data
	 * stays valid.
	 */
	private static String localBotToken() {
		return localSecret("local-bot-token", "1000000001:", 24);
	}

	/**
	 * Random URL-safe characters made once per checkout and kept in .local/NAME. The
	 * walk-through reads the webhook secret from there rather than printing it.
	 */
	private static String localSecret(String name, String prefix, int bytes) {
		Path file = LOCAL_DIRECTORY.resolve(name);
		try {
			if (Files.exists(file)) {
				return Files.readString(file).strip();
			}
			byte[] random = new byte[bytes];
			new SecureRandom().nextBytes(random);
			String secret = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			Files.createDirectories(LOCAL_DIRECTORY);
			Files.writeString(file, secret);
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep a local secret in " + file, ex);
		}
	}

	private static void defaultTo(String variable, String property, String value) {
		if (System.getenv(variable) == null) {
			System.setProperty(property, value);
		}
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
