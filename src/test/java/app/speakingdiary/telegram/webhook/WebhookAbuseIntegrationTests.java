package app.speakingdiary.telegram.webhook;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.telegram.FakeBotApi.Call;
import app.speakingdiary.telegram.FakeBotApi.Response;
import app.speakingdiary.support.Fixtures;
import app.speakingdiary.telegram.outbox.Outbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Updates an attacker could post, and floods a user could send: what the webhook makes of
 * them.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookAbuseIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void dropsAPrivateStartWhoseChatIsNotTheSendersWithoutIssuingAnything(CapturedOutput output) {
		// The attacker's own chat, with a victim's user id as the sender: the button
		// would carry the victim's token.
		String forged = start(1, "/start").replace("\"chat\":{\"id\":42", "\"chat\":{\"id\":666");

		post(forged).expectStatus().isOk().expectBody().json("{\"ok\":true}");

		assertThat(count("processed_update") + count("telegram_user") + count("user_session") + count("bot_outbox"))
			.isZero();
		assertThat(output).contains("Update 1 dropped: a private chat whose id is not its sender's")
			.doesNotContain("Ada");
		assertThat(botApi.calls()).isEmpty();
	}

	@Test
	void letsOnlyTheUserThemselfBlockTheBotInTheirChat() {
		post(start(1, "/start")).expectStatus().isOk();
		String forgedBlock = """
				{"update_id":2,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":666,"is_bot":false},
				 "date":0,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}""";

		post(forgedBlock).expectStatus().isOk();

		assertThat(this.jdbc.sql("SELECT blocked_bot FROM telegram_user WHERE id = 42").query(Boolean.class).single())
			.isFalse();
	}

	@Test
	void blockingTheBotEndsEverySessionOfTheUser() {
		ApiUser ada = newUser(42);
		post("""
				{"update_id":3,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false},
				 "date":0,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}""")
			.expectStatus()
			.isOk();

		this.http.get()
			.uri("/api/telegram/me")
			.header("X-Session-Token", ada.token())
			.header("Authorization", "tma " + ada.initData())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("session_invalid");
	}

	@Test
	void recordsAProfileWithControlCharactersInsteadOfFailingEveryRedelivery() {
		String update = start(4, "/start").replace("\"first_name\":\"Ada\"", "\"first_name\":\"A\\u0000d\\u001ba\"")
			.replace("\"language_code\":\"ru\"", "\"language_code\":\"r\\u0000u\",\"username\":\"\\u0000\"");

		post(update).expectStatus().isOk();

		assertThat(this.jdbc.sql("SELECT first_name || '|' || language_code || '|' || username FROM telegram_user")
			.query(String.class)
			.single()).isEqualTo("Ada|ru|");
		assertThat(botApi.await("sendMessage", 1, WAIT)).hasSize(1);
	}

	@Test
	void answersAStartFloodWithOnePoliteMessageAndNoSessionsPastTheLimit() {
		awayFromAMinuteBoundary();
		for (int i = 0; i < 15; i++) {
			post(start(100 + i, "/start")).expectStatus().isOk();
		}

		awaitNothingOpen();
		List<Call> sent = botApi.calls("sendMessage");
		assertThat(sent).filteredOn((call) -> call.text().startsWith("Вы нажимаете /start слишком часто")).hasSize(1);
		assertThat(count("user_session")).isBetween(1L, 10L).isEqualTo(sent.size() - 1);
		assertThat(this.jdbc.sql("SELECT hits FROM rate_limit WHERE user_id = 42").query(Integer.class).single())
			.isEqualTo(15);
	}

	@Test
	void refreshesAWaitingStartReplyInsteadOfQueueingAnother() {
		// Telegram makes the chat wait, so the first reply is still waiting when the user
		// taps /start again.
		botApi.script(Response.tooManyRequests(2));
		post(start(200, "/start first")).expectStatus().isOk();
		botApi.await("sendMessage", 1, WAIT);

		for (int i = 1; i <= 4; i++) {
			post(start(200 + i, "/start again_" + i)).expectStatus().isOk();
		}

		assertThat(this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING')")
			.query(Long.class)
			.single()).isEqualTo(1);
		List<Call> sent = botApi.await("sendMessage", 2, WAIT);
		assertThat(Fixtures.sessionTokenIn(sent.get(1))).matches("[A-Za-z0-9_-]{43}");
		assertThat(sent.get(1).body().at("/reply_markup/inline_keyboard/0/0/web_app/url").asString())
			.endsWith("start=again_4");
		awaitNothingOpen();
		assertThat(botApi.calls("sendMessage")).hasSize(2);
	}

	@Test
	void keepsNoLiveTokenInTheDatabaseWhileTelegramIsUnreachable() {
		for (int i = 0; i < 4; i++) {
			botApi.script(Response.error(502, "Bad Gateway"));
		}

		post(start(300, "/start")).expectStatus().isOk();
		botApi.await("sendMessage", 2, WAIT);

		assertThat(this.jdbc.sql("SELECT payload::text FROM bot_outbox").query(String.class).single())
			.contains("session=" + Outbox.SESSION_PLACEHOLDER)
			.doesNotContainPattern("session=[A-Za-z0-9_-]{43}");
	}

	private void awaitNothingOpen() {
		Awaitility.await().atMost(WAIT).until(() -> count("bot_outbox_chat") == 0);
	}

	private static String start(long updateId, String text) {
		return Fixtures.privateText(text).replace("\"update_id\":77", "\"update_id\":" + updateId);
	}

	private ResponseSpec post(String body) {
		return postUpdate(body);
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
