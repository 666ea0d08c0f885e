package app.speakingdiary.support;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import app.speakingdiary.auth.Sessions;
import app.speakingdiary.auth.TelegramProfile;
import app.speakingdiary.auth.TelegramUsers;
import app.speakingdiary.telegram.FakeBotApi;

/**
 * Base of the tests that run the whole service on a random port against a real PostgreSQL. All of them share one
 * application context; each test starts from empty tables.
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
	protected static final String BOT_TOKEN = "123456789:TEST-bot_token-0123456789abcdefghijkl";

	protected static final String WEBHOOK_SECRET = "test-webhook-secret_0123456789";

	/** One fake Bot API for the whole test JVM, reset before each test. */
	protected static final FakeBotApi botApi = FakeBotApi.start(BOT_TOKEN);

	@DynamicPropertySource
	static void pointTheBotAtTheFakeBotApi(DynamicPropertyRegistry registry) {
		registry.add("diary.telegram.api-url", botApi::url);
	}

	@Autowired
	private TelegramUsers users;

	@Autowired
	private Sessions sessions;

	/** A Telegram user with a session token and fresh initData signed with the test bot's token. */
	public record ApiUser(long id, String token, String initData) {
	}

	protected ApiUser newUser(long id) {
		this.users.upsert(new TelegramProfile(id, "User" + id, null, "u" + id, "ru"), true);
		return new ApiUser(id, this.sessions.issue(id),
				new InitDataSigner(BOT_TOKEN).forUser(id, "User" + id, "ru", Instant.now().getEpochSecond()));
	}

	@BeforeEach
	void startFromEmptyTables() {
		this.jdbc.sql("TRUNCATE bot_outbox, processed_update, note, user_session, telegram_user RESTART IDENTITY")
			.update();
		botApi.reset();
	}

}
