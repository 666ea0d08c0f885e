package app.speakingdiary.support;

import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import app.speakingdiary.session.Sessions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.telegram.FakeBotApi;

/**
 * Base of the tests that run the whole service on a random port against a real
 * PostgreSQL. All of them share one application context; each test starts from empty
 * tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(TestDatabaseConfiguration.class)
@ActiveProfiles("test")
public abstract class IntegrationTest {

	@Autowired
	protected WebTestClient http;

	@Autowired
	protected JdbcClient jdbc;

	/** The token of the tests' bot, as in application-test.yml. */
	protected static final String BOT_TOKEN = TestProperties.BOT_TOKEN;

	protected static final String WEBHOOK_SECRET = TestProperties.WEBHOOK_SECRET;

	/** One fake Bot API for the whole test JVM, reset before each test. */
	protected static final FakeBotApi botApi = FakeBotApi.start(BOT_TOKEN);

	/** One fake speech-to-text server for the whole test JVM, reset before each test. */
	protected static final FakeSpeechToText speech = FakeSpeechToText.start();

	@DynamicPropertySource
	static void pointTheBotAtTheFakeBotApi(DynamicPropertyRegistry registry) {
		registry.add("diary.telegram.api-url", botApi::url);
		// Through application-test.yml, so that a test class can still turn it off with
		// @TestPropertySource (dynamic properties would win over it).
		registry.add("test.speech-url", speech::url);
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private TelegramUsers users;

	@Autowired
	private Sessions sessions;

	/**
	 * A Telegram user with a session token and fresh initData signed with the test bot's
	 * token.
	 */
	public record ApiUser(long id, String token, String initData) {
	}

	protected ApiUser newUser(long id) {
		this.users.upsert(new TelegramProfile(id, "User" + id, null, "u" + id, "ru"), true);
		return new ApiUser(id, this.sessions.issue(id).token(),
				new InitDataSigner(BOT_TOKEN).forUser(id, "User" + id, "ru", Instant.now().getEpochSecond()));
	}

	/** A request of this user's Mini App: their session token and initData. */
	protected WebTestClient.RequestBodySpec as(ApiUser user, HttpMethod method, String uri, Object... variables) {
		return this.http.method(method)
			.uri(uri, variables)
			.header("X-Session-Token", user.token())
			.header("X-Telegram-Init-Data", user.initData());
	}

	/** A GET of this user's Mini App that must succeed, and its JSON. */
	protected JsonNode getJson(ApiUser user, String uri, Object... variables) {
		return JSON.readTree(as(user, HttpMethod.GET, uri, variables).exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBodyContent());
	}

	/**
	 * Rate limits count within a one-minute window of the database's clock: a test that
	 * counts calls in one window starts clear of its end.
	 */
	protected void awayFromAMinuteBoundary() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(7))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.jdbc.sql("SELECT extract(second FROM now()) BETWEEN 1 AND 55")
				.query(Boolean.class)
				.single());
	}

	/** Posts one update to the webhook as Telegram does, with the secret header. */
	protected ResponseSpec postUpdate(String body) {
		return this.http.post()
			.uri("/api/telegram/webhook")
			.header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@BeforeEach
	void startFromEmptyTables() {
		// Background work of the previous test finishes first: ids restart, and a task
		// still
		// running would act on this test's entry of the same id.
		Awaitility.await("background work of the previous test done")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE picked")
				.query(Long.class)
				.single() == 0);
		this.jdbc.sql(
				"TRUNCATE note_tag, idempotency_key, scheduled_tasks, media_chunk, media, bot_outbox_chat, bot_outbox, processed_update, rate_limit, note_usage, note, user_session, telegram_user RESTART IDENTITY")
			.update();
		botApi.reset();
		speech.reset();
	}

}
