package app.speakingdiary.telegram;

import org.awaitility.Awaitility;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.telegram.FakeBotApi.Response;
import app.speakingdiary.support.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot token is part of every Bot API URL; it, the webhook secret and session tokens
 * must never show in logs, metrics or error responses, whatever goes wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakIntegrationTests extends IntegrationTest {

	@LocalManagementPort
	private int managementPort;

	@Test
	void noSecretShowsInLogsMetricsOrProblemsWhenTheBotApiMisbehaves(CapturedOutput output) throws Exception {
		botApi.script(Response.tooManyRequests(1), Response.error(500, "Internal Server Error"),
				Response.dropConnection(), Response.hang(Duration.ofMillis(1500)), Response.error(401, "Unauthorized"),
				Response.error(400, "Bad Request: chat not found"),
				Response.error(403, "Forbidden: bot was blocked by the user"));
		for (int user = 1; user <= 7; user++) {
			String start = Fixtures.privateText("/start")
				.replace("\"id\":42", "\"id\":" + (900 + user))
				.replace("\"update_id\":77", "\"update_id\":" + (7700 + user));
			this.http.post()
				.uri("/api/telegram/webhook")
				.header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(start)
				.exchange()
				.expectStatus()
				.isOk();
		}
		List<String> problems = List.of(
				problem("/api/telegram/webhook?secret=" + WEBHOOK_SECRET.substring(1), "{\"update_id\":1}"),
				problem("/api/telegram/webhook", "{not json " + WEBHOOK_SECRET));
		botApi.await("sendMessage", 12, Duration.ofSeconds(20));
		// Every result recorded (and logged) before the logs and metrics are read.
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox_chat").query(Long.class).single() == 0);
		String metrics = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block()
			.stream()
			.reduce("", String::concat);

		List<String> secrets = new java.util.ArrayList<>(
				List.of(BOT_TOKEN, BOT_TOKEN.substring(BOT_TOKEN.indexOf(':') + 1), WEBHOOK_SECRET));
		botApi.calls("sendMessage")
			.stream()
			.map(Fixtures::sessionTokenIn)
			.filter(java.util.Objects::nonNull)
			.forEach(secrets::add);
		assertThat(secrets).hasSizeGreaterThan(3);
		for (String secret : secrets) {
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(metrics).doesNotContain(secret);
			problems.forEach((problem) -> assertThat(problem).doesNotContain(secret));
		}
		assertThat(metrics).contains("uri=\"/bot{token}/{method}\"");
		assertThat(output.getAll()).contains("Bot API asked to wait")
			.contains("Sending outbox")
			.contains("refused the bot token");
	}

	private String problem(String uri, String body) {
		return this.http.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.is4xxClientError()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block()
			.stream()
			.reduce("", String::concat);
	}

}
