package app.speakingdiary.telegram.webhook;

import org.awaitility.Awaitility;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.web.util.UriComponentsBuilder;

import app.speakingdiary.session.SessionTokens;
import app.speakingdiary.support.DatabaseOutage;
import app.speakingdiary.support.Fixtures;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.telegram.FakeBotApi.Call;
import app.speakingdiary.telegram.outbox.Outbox;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	private JdbcConnectionDetails database;

	@Test
	void privateStartCreatesTheUserAndSendsTheMiniAppButtonWithANewSession() {
		post(Fixtures.update("01-private-start")).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.json("{\"ok\":true}", JsonCompareMode.STRICT);

		Call sent = botApi.await("sendMessage", 1, WAIT).get(0);
		assertThat(sent.chatId()).isEqualTo(12345678L);
		assertThat(sent.text()).startsWith("Welcome to Speaking Diary");
		JsonNode button = sent.body().at("/reply_markup/inline_keyboard/0/0");
		assertThat(button.get("text").asString()).isEqualTo("Открыть приложение");
		URI url = URI.create(button.at("/web_app/url").asString());
		assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://diary.example.org/app/");
		Map<String, String> query = UriComponentsBuilder.fromUri(url).build().getQueryParams().toSingleValueMap();
		assertThat(query.get("v")).isEqualTo(String.valueOf(LocalDate.now(ZoneOffset.UTC).toEpochDay()));
		String token = query.get("session");
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.jdbc.sql("SELECT user_id FROM user_session WHERE token_sha256 = ?")
			.param(SessionTokens.digest(token))
			.query(Long.class)
			.single()).isEqualTo(12345678L);
		assertThat(this.jdbc.sql(
				"SELECT first_name || ' ' || last_name || ' @' || username || ' ' || language_code FROM telegram_user WHERE id = 12345678")
			.query(String.class)
			.single()).isEqualTo("FistName LastName @username en");
	}

	@Test
	void neverStoresTheSessionTokenItself() {
		post(Fixtures.update("01-private-start")).expectStatus().isOk();
		String token = Fixtures.sessionTokenIn(botApi.await("sendMessage", 1, WAIT).get(0));
		awaitOutboxStatus("SENT");

		String everything = this.jdbc.sql("""
				SELECT string_agg(t::text, ' ') FROM (
				  SELECT row_to_json(s)::text AS t FROM user_session s UNION ALL
				  SELECT row_to_json(o)::text FROM bot_outbox o UNION ALL
				  SELECT encode(token_sha256, 'hex') FROM user_session) all_rows""").query(String.class).single();
		assertThat(everything).doesNotContain(token)
			.contains("session=" + Outbox.SESSION_PLACEHOLDER)
			.contains(HexFormat.of().formatHex(SessionTokens.digest(token)));
	}

	@Test
	void repliesInRussianUnlessTheUserSpeaksEnglish() {
		post(Fixtures.update("01-private-start").replace("\"language_code\":\"en\"", "\"language_code\":\"uk\""))
			.expectStatus()
			.isOk();

		assertThat(botApi.await("sendMessage", 1, WAIT).get(0).text()).startsWith("Добро пожаловать");
	}

	@Test
	void aSecondStartRestoresTheSameUserWithAFreshTokenAndKeepsTheOldOneValid() {
		post(Fixtures.update("01-private-start")).expectStatus().isOk();
		botApi.await("sendMessage", 1, WAIT);
		post(Fixtures.update("01-private-start").replace("259894299", "259894300")).expectStatus().isOk();

		List<Call> sent = botApi.await("sendMessage", 2, WAIT);
		assertThat(Fixtures.sessionTokenIn(sent.get(0))).isNotEqualTo(Fixtures.sessionTokenIn(sent.get(1)));
		assertThat(count("telegram_user")).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session WHERE user_id = 12345678 AND revoked_at IS NULL")
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void passesAValidDeepLinkPayloadToTheMiniApp() {
		post(Fixtures.privateText("/start@SpeakingDiaryTestBot promo_2026")).expectStatus().isOk();

		String url = botApi.await("sendMessage", 1, WAIT)
			.get(0)
			.body()
			.at("/reply_markup/inline_keyboard/0/0/web_app/url")
			.asString();
		assertThat(UriComponentsBuilder.fromUriString(url).build().getQueryParams().getFirst("start"))
			.isEqualTo("promo_2026");
	}

	@Test
	void answersAGroupStartWithALinkToThePrivateChat() {
		String update = Fixtures.update("03-supergroup-start-at-botname").replace("swantabot", "SpeakingDiaryTestBot");

		post(update).expectStatus().isOk();

		Call sent = botApi.await("sendMessage", 1, WAIT).get(0);
		assertThat(sent.chatId()).isEqualTo(-1001650852901L);
		JsonNode button = sent.body().at("/reply_markup/inline_keyboard/0/0");
		assertThat(button.has("web_app")).isFalse();
		assertThat(button.get("url").asString()).isEqualTo("https://t.me/SpeakingDiaryTestBot?start=PingGroup");
		assertThat(count("telegram_user")).isZero();
		assertThat(count("user_session")).isZero();
	}

	@Test
	void leavesAGroupStartForAnotherBotAlone() throws InterruptedException {
		post(Fixtures.update("03-supergroup-start-at-botname")).expectStatus().isOk();

		assertThat(count("bot_outbox")).isZero();
		assertThat(botApi.calls("sendMessage")).isEmpty();
	}

	@Test
	void keepsOtherPrivateTextAsAnEntryWithoutASession() {
		post(Fixtures.update("05-private-text-message")).expectStatus().isOk();

		Call sent = botApi.await("sendMessage", 1, WAIT).get(0);
		assertThat(sent.body().at("/reply_markup/inline_keyboard/0/0/callback_data").asString()).startsWith("undo:");
		assertThat(count("note")).isEqualTo(1);
		assertThat(count("user_session")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "06-edited-message-supergroup", "13-my-chat-member-kicked-private",
			"14-channel-post-sender-chat", "16-supergroup-text-message", "19-unknown-update-kind",
			"21-message-reaction-premium-user" })
	void acknowledgesWhatItDoesNotHandleAndDoesNothing(String fixture) {
		post(Fixtures.update(fixture)).expectStatus().isOk().expectBody().json("{\"ok\":true}");

		// The answer comes once the update's effects are committed, and nothing reaches
		// Telegram but the outbox.
		assertThat(count("telegram_user") + count("user_session") + count("bot_outbox")).isZero();
	}

	@Test
	void recordsThatAUserBlockedAndUnblockedTheBotAndSendsThemNothing() {
		post(Fixtures.update("01-private-start")).expectStatus().isOk();
		botApi.await("sendMessage", 1, WAIT);
		awaitOutboxStatus("SENT");
		String kicked = Fixtures.update("13-my-chat-member-kicked-private")
			.replace("\"update_id\":0", "\"update_id\":900")
			.replace("\"id\":0", "\"id\":12345678");
		this.jdbc.sql(
				"INSERT INTO bot_outbox (chat_id, method, payload, next_attempt_at) VALUES (12345678, 'sendMessage', '{\"chat_id\":12345678,\"text\":\"later\"}', now() + interval '1 hour')")
			.update();

		post(kicked).expectStatus().isOk();

		assertThat(blocked(12345678)).isTrue();
		assertThat(this.jdbc.sql("SELECT status FROM bot_outbox ORDER BY id").query(String.class).list())
			.containsExactly("SENT", "FAILED");
		post(kicked.replace("\"update_id\":900", "\"update_id\":901")
			.replace("\"status\":\"kicked\"", "\"status\":\"member\"")).expectStatus().isOk();
		assertThat(blocked(12345678)).isFalse();
	}

	@Test
	void aStartFromAUserMarkedAsBlockingTheBotClearsTheMarkAndIsAnswered() {
		post(Fixtures.update("01-private-start")).expectStatus().isOk();
		botApi.await("sendMessage", 1, WAIT);
		this.jdbc.sql("UPDATE telegram_user SET blocked_bot = true, first_name = 'Old' WHERE id = 12345678").update();

		post(Fixtures.update("01-private-start").replace("259894299", "259894300")).expectStatus().isOk();

		assertThat(blocked(12345678)).isFalse();
		assertThat(
				this.jdbc.sql("SELECT first_name FROM telegram_user WHERE id = 12345678").query(String.class).single())
			.isEqualTo("FistName");
		assertThat(botApi.await("sendMessage", 2, WAIT)).hasSize(2);
		assertThat(count("user_session")).isEqualTo(2);
	}

	@Test
	void takesARedeliveredUpdateIntoAccountOnlyOnce() {
		String update = Fixtures.update("01-private-start");

		for (int i = 0; i < 3; i++) {
			post(update).expectStatus().isOk().expectBody().json("{\"ok\":true}");
		}

		assertThat(count("bot_outbox")).isEqualTo(1);
		awaitOutboxStatus("SENT");
		assertThat(botApi.calls("sendMessage")).hasSize(1);
		assertThat(count("user_session")).isEqualTo(1);
		assertThat(count("processed_update")).isEqualTo(1);
	}

	@Test
	void takesTheSameUpdateOnlyOnceWhenCopiesArriveTogether() throws Exception {
		String update = Fixtures.update("01-private-start");

		List<HttpStatus> statuses = concurrently(12, (i) -> update);

		assertThat(statuses).containsOnly(HttpStatus.OK);
		assertThat(count("bot_outbox")).isEqualTo(1);
		awaitOutboxStatus("SENT");
		assertThat(botApi.calls("sendMessage")).hasSize(1);
		assertThat(count("user_session")).isEqualTo(1);
	}

	@Test
	void concurrentStartsOfOneNewUserLeaveOneUser() throws Exception {
		String update = Fixtures.update("01-private-start");

		List<HttpStatus> statuses = concurrently(8, (i) -> update.replace("259894299", String.valueOf(5000 + i)));

		assertThat(statuses).containsOnly(HttpStatus.OK);
		assertThat(count("telegram_user")).isEqualTo(1);
		assertThat(count("processed_update")).isEqualTo(8);
		// Starts that arrive while a reply waits refresh it instead of queueing another:
		// every button sent works.
		awaitOutboxStatus("SENT");
		List<Call> sent = botApi.calls("sendMessage");
		assertThat(sent).isNotEmpty().hasSizeLessThanOrEqualTo(8);
		assertThat(count("user_session")).isEqualTo(sent.size());
	}

	@Test
	void refusesACallWithoutTheRightSecretAndProcessesNothing() {
		String update = Fixtures.update("01-private-start");
		this.http.post()
			.uri("/api/telegram/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(update)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.post()
			.uri("/api/telegram/webhook")
			.header(WebhookSecret.HEADER, "wrong")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(update)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.post()
			.uri("/api/telegram/webhook?secret=wrong")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(update)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain(WEBHOOK_SECRET));

		assertThat(count("processed_update")).isZero();
	}

	@Test
	void refusesTheSecretInTheQueryStringWhichLogsWouldKeep() {
		this.http.post()
			.uri("/api/telegram/webhook?secret=" + WEBHOOK_SECRET)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Fixtures.update("01-private-start"))
			.exchange()
			.expectStatus()
			.isUnauthorized();

		assertThat(count("processed_update")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "[]", "\"update\"", "42", "null", "{\"message\":{}}", "{\"update_id\":\"x\"}",
			"{\"update_id\":1.5}", "{\"update_id\":1,\"message\":\"text\"}", "" })
	void refusesABodyThatIsNotAnUpdate(String body) {
		post(body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.detail")
			.isNotEmpty();
	}

	@Test
	void refusesABodyOverOneMebibyte() {
		String huge = "{\"update_id\":1,\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";

		post(huge).expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		post("{\"update_id\":2,\"padding\":\"" + "x".repeat(900 * 1024) + "\"}").expectStatus().isOk();
	}

	@Test
	void answers503WhileTheDatabaseIsDownAndTakesTheRedeliveryAfterwards() throws InterruptedException {
		String update = Fixtures.update("01-private-start");
		try (DatabaseOutage outage = DatabaseOutage.begin(this.database)) {
			post(update).expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader()
				.exists("Retry-After")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(botApi.calls("sendMessage")).isEmpty();
		}

		// Telegram redelivers until it gets a 2xx; connections cut by the outage may fail
		// one more time.
		Awaitility.await("a redelivery accepted after the outage")
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> post(update).returnResult(String.class).getStatus().value() == 200);

		assertThat(botApi.await("sendMessage", 1, WAIT)).hasSize(1);
		assertThat(count("processed_update")).isEqualTo(1);
		assertThat(count("user_session")).isEqualTo(1);
	}

	private ResponseSpec post(String body) {
		return postUpdate(body);
	}

	private List<HttpStatus> concurrently(int copies, java.util.function.IntFunction<String> bodies) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(copies);
		try {
			List<Callable<HttpStatus>> calls = IntStream.range(0, copies)
				.<Callable<HttpStatus>>mapToObj((i) -> () -> HttpStatus
					.valueOf(post(bodies.apply(i)).returnResult(String.class).getStatus().value()))
				.toList();
			List<HttpStatus> statuses = new java.util.ArrayList<>();
			for (Future<HttpStatus> future : pool.invokeAll(calls)) {
				statuses.add(future.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	private boolean blocked(long userId) {
		return this.jdbc.sql("SELECT blocked_bot FROM telegram_user WHERE id = ?")
			.param(userId)
			.query(Boolean.class)
			.single();
	}

	private void awaitOutboxStatus(String status) {
		Awaitility.await("every outbox row " + status)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status <> ?")
				.param(status)
				.query(Long.class)
				.single() == 0);
	}

}
