package app.speakingdiary.faults;

import app.speakingdiary.support.FakeSpeechToText;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.speakingdiary.session.SessionTokens;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.telegram.FakeBotApi;
import app.speakingdiary.telegram.FakeBotApi.Call;

/**
 * A fault scenario: the service under a real fault (its database restarted, the Bot API
 * failing, a kill -9, two replicas racing), on a PostgreSQL server and a fake Bot API of
 * its own. Tagged {@code faults}: {@code ./mvnw verify} runs them in a JVM of their own
 * after the other tests, and {@code ./mvnw test-compile surefire:test@faults} runs them
 * alone. Each scenario shows that its fault really happened by observing the fault
 * itself, then what users would notice: nothing lost, nothing doubled, no 500.
 */
@Tag("faults")
abstract class FaultScenario {

	private static final AtomicLong UPDATE_IDS = new AtomicLong(500_000_000L);

	private static final AtomicLong USER_IDS = new AtomicLong(7_000_000_000L);

	static FaultDatabase database;

	static FakeBotApi botApi;

	static JdbcClient jdbc;

	static FakeSpeechToText speech;

	@BeforeAll
	static void startDatabaseAndBotApi() {
		database = FaultDatabase.start();
		botApi = new FakeBotApi(ServiceInstance.BOT_TOKEN, "SpeakingDiaryFaultsBot", 0);
		jdbc = database.jdbc();
		speech = FakeSpeechToText.start();
		ServiceInstance.speechUrl = speech.url();
	}

	@AfterAll
	static void stopDatabaseAndBotApi() {
		try {
			if (botApi != null) {
				botApi.close();
			}
			if (speech != null) {
				speech.close();
			}
		}
		finally {
			if (database != null) {
				database.delete();
			}
		}
	}

	@BeforeEach
	void resetBotApi() {
		botApi.reset();
		botApi.faults((call) -> null);
		speech.reset();
	}

	static long newUserId() {
		return USER_IDS.incrementAndGet();
	}

	static long newUpdateId() {
		return UPDATE_IDS.incrementAndGet();
	}

	/**
	 * The status of one private /start posted to the webhook; 0 when nothing answered.
	 */
	static int postStart(ServiceInstance instance, long updateId, long userId) {
		String update = """
				{"update_id":%d,"message":{"message_id":1,"date":%d,"text":"/start","entities":[{"offset":0,\
				"length":6,"type":"bot_command"}],"from":{"id":%d,"is_bot":false,"first_name":"Fault",\
				"language_code":"en"},"chat":{"id":%d,"type":"private","first_name":"Fault"}}}""".formatted(updateId,
				Instant.now().getEpochSecond(), userId, userId);
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port + "/api/telegram/webhook"))
			.header("Content-Type", "application/json")
			.header("X-Telegram-Bot-Api-Secret-Token", ServiceInstance.WEBHOOK_SECRET)
			.timeout(Duration.ofSeconds(15))
			.POST(HttpRequest.BodyPublishers.ofString(update))
			.build()).statusCode();
	}

	/** A user of the notes API: their session token and signed initData. */
	record NoteUser(long id, String token, String initData) {
	}

	static NoteUser newNoteUser() {
		long id = newUserId();
		String token = "faults-session-" + id + "-0123456789abcdefghij";
		jdbc.sql("INSERT INTO telegram_user (id, first_name) VALUES (?, 'Fault')").param(id).update();
		jdbc.sql("INSERT INTO user_session (token_sha256, user_id) VALUES (?, ?)")
			.param(SessionTokens.digest(token))
			.param(id)
			.update();
		return new NoteUser(id, token, new InitDataSigner(ServiceInstance.BOT_TOKEN).forUser(id, "Fault", "en",
				Instant.now().getEpochSecond()));
	}

	static Answer createNote(ServiceInstance instance, NoteUser user, String text) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port + "/api/telegram/notes"))
			.header("Content-Type", "application/json")
			.header("X-Session-Token", user.token())
			.header("Authorization", "tma " + user.initData())
			.timeout(Duration.ofSeconds(15))
			.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
			.build());
	}

	/**
	 * An HTTP answer; status 0 when the service could not be reached or did not answer.
	 */
	record Answer(int statusCode, String body) {
	}

	static Answer send(HttpRequest request) {
		try {
			HttpResponse<String> response = ServiceInstance.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Answer(0, "");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * /start from {@code count} new users, each posted again until acknowledged, as
	 * Telegram redelivers.
	 */
	static Set<Long> sendStarts(ServiceInstance instance, int count) {
		Set<Long> users = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < count; i++) {
			long user = newUserId();
			long update = newUpdateId();
			Awaitility.await("update " + update + " acknowledged")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> postStart(instance, update, user) == 200);
			users.add(user);
		}
		return users;
	}

	/** Replies the fake Bot API accepted, per chat. */
	static Map<Long, Long> repliesPerChat() {
		return botApi.delivered()
			.stream()
			.filter((call) -> call.method().equals("sendMessage"))
			.collect(Collectors.groupingBy(Call::chatId, Collectors.counting()));
	}

	static void awaitOneReplyEach(Set<Long> users, Duration timeout) {
		Awaitility.await("a reply to each of " + users.size() + " users")
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> repliesPerChat().keySet().containsAll(users));
	}

	/**
	 * Until no reply waits or is being sent: a reply whose result was lost would be sent
	 * again only when its lease runs out, so duplicates are counted after this.
	 */
	static void awaitOutboxDrained(Duration timeout) {
		Awaitility.await("the outbox drained")
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING')")
				.query(Long.class)
				.single() == 0);
	}

	static Set<Long> chatsWithMoreThanOneReply(Set<Long> users) {
		return repliesPerChat().entrySet()
			.stream()
			.filter((chat) -> users.contains(chat.getKey()) && chat.getValue() > 1)
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	static long count(String sql, Set<Long> ids) {
		return jdbc.sql(sql).param(ids.toArray(Long[]::new)).query(Long.class).single();
	}

}
