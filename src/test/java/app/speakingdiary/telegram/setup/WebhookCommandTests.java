package app.speakingdiary.telegram.setup;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.support.TestProperties;
import app.speakingdiary.telegram.FakeBotApi;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookCommandTests {

	private static final String TOKEN = "4242:command-test-token";

	private static final String SECRET = "hook_secret-1_0123456789abcdefghijkl";

	private final FakeBotApi botApi = FakeBotApi.start(TOKEN);

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	@AfterEach
	void stopFake() {
		this.botApi.close();
	}

	@Test
	void registersTheWebhookWithTheSecretHeaderAndTheHandledUpdateKinds() {
		int exit = command(SECRET).execute("set");

		assertThat(exit).isZero();
		JsonNode request = this.botApi.calls("setWebhook").get(0).body();
		assertThat(request.get("url").asString()).isEqualTo("https://diary.example.org/api/telegram/webhook");
		assertThat(request.get("secret_token").asString()).isEqualTo(SECRET);
		assertThat(request.get("allowed_updates").valueStream().map(JsonNode::asString).toList())
			.containsExactly("message", "edited_message", "callback_query", "my_chat_member");
		assertThat(request.get("drop_pending_updates").asBoolean()).isFalse();
		assertThat(output()).contains("Webhook set: https://diary.example.org/api/telegram/webhook")
			.doesNotContain(SECRET)
			.doesNotContain(TOKEN);
	}

	@Test
	void takesAnExplicitUrlAndDropsPendingUpdatesWhenAsked() {
		command(SECRET).execute("set", "--url=https://other.example.org/hook", "--drop-pending-updates");

		JsonNode request = this.botApi.calls("setWebhook").get(0).body();
		assertThat(request.get("url").asString()).isEqualTo("https://other.example.org/hook");
		assertThat(request.get("drop_pending_updates").asBoolean()).isTrue();
	}

	@Test
	void refusesToRegisterAWebhookWithoutASecret() {
		assertThat(command(null).execute("set")).isEqualTo(1);

		assertThat(this.botApi.calls("setWebhook")).isEmpty();
		assertThat(output()).contains("Refusing to register a webhook that anyone could post to");
	}

	@Test
	void printsTheWebhookInfoReadably() {
		this.botApi.extraRoutes((call) -> call.path().endsWith("/getWebhookInfo")
				? tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(
						"""
								{"ok":true,"result":{"url":"https://diary.example.org/api/telegram/webhook","has_custom_certificate":false,
								"pending_update_count":3,"last_error_date":1764150000,"last_error_message":"Read timeout expired",
								"max_connections":40,"ip_address":"203.0.113.7","allowed_updates":["message","my_chat_member"]}}""")
				: null);

		int exit = command(SECRET).execute("info");

		assertThat(exit).isZero();
		assertThat(output()).contains("Webhook URL:          https://diary.example.org/api/telegram/webhook")
			.contains("Pending updates:      3")
			.contains("Last error:           2025-11-26T09:40:00Z Read timeout expired")
			.contains("Allowed updates:      message, my_chat_member");
	}

	@Test
	void reportsTelegramsRefusal() {
		this.botApi
			.script(FakeBotApi.Response.error(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook"));

		assertThat(command(SECRET).execute("set")).isEqualTo(1);
		assertThat(output()).contains("setWebhook failed: Bad Request: bad webhook");
	}

	@Test
	void explainsItsUsage() {
		assertThat(command(null).execute("frobnicate")).isEqualTo(2);
		assertThat(output()).contains("webhook set").contains("webhook info");
	}

	private WebhookCommand command(String secret) {
		DiaryProperties properties = TestProperties.bind("telegram.bot-token", TOKEN, "telegram.webhook-secret", secret,
				"telegram.webhook-insecure", String.valueOf(secret == null), "telegram.api-url", this.botApi.url(),
				"webapp.url", "https://diary.example.org/app/?x=1");
		return new WebhookCommand(properties, new PrintStream(this.printed, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

}
