package app.speakingdiary.telegram.outbox;

import org.awaitility.Awaitility;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.support.DatabaseOutage;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.system.BlockingJdbc;
import app.speakingdiary.telegram.FakeBotApi.Call;
import app.speakingdiary.telegram.FakeBotApi.Response;
import app.speakingdiary.telegram.botapi.BotApiClient;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox sender against the fake Bot API: Telegram's errors, its limits, restarts and
 * a second sender on the same database. Test settings: 200 ms poll, 1 s request timeout,
 * 100-400 ms backoff, 4 attempts.
 */
class OutboxSenderIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Autowired
	private Outbox outbox;

	@Autowired
	private OutboxDelivery delivery;

	@Autowired
	private BotApiClient botApiClient;

	@Autowired
	private BlockingJdbc blocking;

	@Autowired
	private DiaryProperties properties;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcConnectionDetails database;

	@Test
	void keepsTheResultOfASendWhileTheDatabaseIsAwayInsteadOfSendingItTwice() throws InterruptedException {
		botApi.script(Response.hang(Duration.ofMillis(600)));
		enqueue(504, "once");
		botApi.await("sendMessage", 1, WAIT);

		try (DatabaseOutage outage = DatabaseOutage.begin(this.database)) {
			Awaitility.await("Telegram took the message").atMost(WAIT).until(() -> botApi.delivered().size() == 1);
			// Holds the outage past the first attempt to record the result (not an
			// assertion).
			Thread.sleep(500);
		}

		awaitAll("SENT");
		assertThat(this.jdbc.sql("SELECT attempts FROM bot_outbox").query(Integer.class).single()).isEqualTo(1);
		assertThat(botApi.calls("sendMessage")).hasSize(1);
	}

	@Test
	void honoursRetryAfterForThatChatWhileOtherChatsGoOn() {
		botApi.script(Response.tooManyRequests(1));
		enqueue(501, "A");
		enqueue(501, "B");
		Instant limited = botApi.await("sendMessage", 1, WAIT).get(0).at();

		enqueue(502, "C");

		List<Call> calls = botApi.await("sendMessage", 4, WAIT);
		assertThat(calls).extracting(Call::text).containsExactly("A", "C", "A", "B");
		assertThat(Duration.between(limited, calls.get(1).at())).isLessThan(Duration.ofSeconds(1));
		assertThat(Duration.between(limited, calls.get(2).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		awaitAll("SENT");
	}

	@Test
	void retriesServerErrorsDroppedConnectionsAndTimeoutsThenDeliversOnce() {
		botApi.script(Response.error(500, "Internal Server Error"), Response.dropConnection(),
				Response.hang(Duration.ofMillis(1500)));

		enqueue(503, "hello");

		awaitAll("SENT");
		assertThat(botApi.calls("sendMessage")).hasSize(4);
		assertThat(this.jdbc.sql("SELECT attempts FROM bot_outbox").query(Integer.class).single()).isEqualTo(4);
	}

	@Test
	void givesUpAfterTheLastAttemptInsteadOfRetryingForever() {
		for (int i = 0; i < 6; i++) {
			botApi.script(Response.error(502, "Bad Gateway"));
		}

		enqueue(504, "doomed");

		awaitAll("FAILED");
		assertThat(botApi.calls("sendMessage")).hasSize(4);
		assertThat(this.jdbc.sql("SELECT last_error FROM bot_outbox").query(String.class).single())
			.startsWith("gave up after 4 attempts");
	}

	@Test
	void marksAUserWhoBlockedTheBotAndDropsTheirOtherMessages() {
		this.jdbc.sql("INSERT INTO telegram_user (id, first_name) VALUES (601, 'Bo')").update();
		botApi.script(Response.error(403, "Forbidden: bot was blocked by the user"));

		enqueue(601, "first");
		enqueue(601, "second");

		awaitAll("FAILED");
		assertThat(botApi.calls("sendMessage")).extracting(Call::text).containsExactly("first");
		assertThat(this.jdbc.sql("SELECT blocked_bot FROM telegram_user WHERE id = 601").query(Boolean.class).single())
			.isTrue();
	}

	@Test
	void recordsABadRequestWithoutRetryingItAndGoesOnWithTheChat() {
		botApi.script(Response.error(400, "Bad Request: BUTTON_TYPE_INVALID"));

		enqueue(-100777, "with a web_app button");
		enqueue(-100777, "plain");

		botApi.await("sendMessage", 2, WAIT);
		awaitNoneOpen();
		assertThat(this.jdbc.sql("SELECT status || ':' || coalesce(last_error, '') FROM bot_outbox ORDER BY id")
			.query(String.class)
			.list()).containsExactly("FAILED:400 Bad Request: BUTTON_TYPE_INVALID", "SENT:");
	}

	@Test
	void sendsOneChatsMessagesInOrderAtMostOneASecond() {
		enqueue(701, "1");
		enqueue(701, "2");
		enqueue(701, "3");

		List<Call> calls = botApi.await("sendMessage", 3, WAIT);

		assertThat(calls).extracting(Call::text).containsExactly("1", "2", "3");
		assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(Duration.between(calls.get(1).at(), calls.get(2).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void deliversWhatAStoppedInstanceLeftBehind() {
		// One row was claimed by an instance that died mid-send (its lease has run out),
		// one was never claimed; both
		// queued by an earlier version, which wrote no chat row (the trigger of V4 does).
		this.jdbc
			.sql("""
					INSERT INTO bot_outbox (chat_id, method, payload, status, attempts, next_attempt_at)
					VALUES (801, 'sendMessage', '{"chat_id":801,"text":"claimed"}', 'SENDING', 1, now() - interval '1 second'),
					       (802, 'sendMessage', '{"chat_id":802,"text":"pending"}', 'PENDING', 0, now())""")
			.update();

		awaitAll("SENT");

		assertThat(botApi.calls("sendMessage")).extracting(Call::text).containsExactlyInAnyOrder("claimed", "pending");
	}

	@Test
	void twoSendersOnOneDatabaseSendEveryMessageExactlyOnce() {
		OutboxSender second = new OutboxSender(this.outbox, this.delivery, this.botApiClient, this.blocking,
				this.properties);
		second.start();
		try {
			for (int chat = 1; chat <= 120; chat++) {
				enqueue(10_000 + chat, "only");
			}
			for (int chat = 1; chat <= 5; chat++) {
				enqueue(20_000 + chat, "one");
				enqueue(20_000 + chat, "two");
			}

			awaitAll("SENT");
		}
		finally {
			second.stop();
		}

		List<Call> calls = botApi.calls("sendMessage");
		Set<String> distinct = new HashSet<>();
		calls.forEach((call) -> distinct.add(call.chatId() + "/" + call.text()));
		assertThat(calls).hasSize(130);
		assertThat(distinct).hasSize(130);
	}

	@Test
	void staysWithinTelegramsLimitsWithoutBeingToldByA429() {
		botApi.enforceTelegramLimits(true);
		for (int chat = 1; chat <= 75; chat++) {
			enqueue(30_000 + chat, "burst");
		}
		enqueue(40_000, "a");
		enqueue(40_000, "b");

		awaitAll("SENT");

		assertThat(botApi.limitRejections()).isZero();
		assertThat(botApi.calls("sendMessage")).hasSize(77);
	}

	@Test
	void pacesAChatEvenWhenItsQueueRanEmptyBetweenTwoMessages() {
		enqueue(705, "first");
		botApi.await("sendMessage", 1, WAIT);
		await(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status = 'SENT'")
			.query(Long.class)
			.single() == 1, "the first one recorded as sent");

		enqueue(705, "second");

		List<Call> calls = botApi.await("sendMessage", 2, WAIT);
		assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aReplyQueuedWhileOneOfItsKindIsBeingSentGoesOutAfterIt() {
		// The first acknowledgement stays on the wire for a second.
		botApi.script(Response.hang(Duration.ofSeconds(1)));
		enqueueSaved(708, "first entry");
		await(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status = 'SENDING'")
			.query(Long.class)
			.single() == 1, "the first one being sent");

		enqueueSaved(708, "second entry");

		List<Call> calls = botApi.await("sendMessage", 2, WAIT);
		assertThat(calls).extracting(Call::text).containsExactly("first entry", "second entry");
	}

	@Test
	void aReplyRetriedWhileANewerOneOfItsKindWaitsGivesWayToIt() {
		botApi.script(Response.hangThenFail(Duration.ofMillis(800)));
		enqueueSaved(709, "first entry");
		await(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status = 'SENDING'")
			.query(Long.class)
			.single() == 1, "the first one being sent");

		enqueueSaved(709, "second entry");

		botApi.await("sendMessage", 2, WAIT);
		awaitNoneOpen();
		assertThat(botApi.delivered()).extracting(Call::text).containsExactly("second entry");
		assertThat(this.jdbc.sql("SELECT status FROM bot_outbox WHERE chat_id = 709 ORDER BY id")
			.query(String.class)
			.list()).containsExactly("FAILED", "SENT");
	}

	private void enqueueSaved(long chatId, String text) {
		ObjectNode payload = JsonNodeFactory.instance.objectNode().put("chat_id", chatId).put("text", text);
		this.transactions.executeWithoutResult(
				(status) -> this.outbox.enqueue(Outbox.Message.of(chatId, payload, Outbox.Coalesce.SAVED), 10));
	}

	@Test
	void givesUpAMessageWhoseSessionCannotBeIssuedAndSendsTheRest() {
		ObjectNode payload = JsonNodeFactory.instance.objectNode().put("chat_id", 706).put("text", "no such user");
		this.transactions.executeWithoutResult((status) -> this.outbox
			.enqueue(new Outbox.Message(706, "sendMessage", payload, Outbox.Coalesce.START, 706L), 10));
		enqueue(707, "fine");

		botApi.await("sendMessage", 1, WAIT);
		awaitNoneOpen();
		assertThat(botApi.calls("sendMessage")).extracting(Call::text).containsExactly("fine");
		assertThat(this.jdbc.sql("SELECT status FROM bot_outbox WHERE chat_id = 706").query(String.class).single())
			.isEqualTo("FAILED");
	}

	@Test
	void claimReadsAHandfulOfRowsWhateverTheBacklogOfAChat() {
		assertThat(rowsReadByAClaim(10)).isLessThan(20);
		assertThat(rowsReadByAClaim(20_000)).isLessThan(20);
	}

	/**
	 * Rows of the outbox a claim reads, with one chat due and {@code backlog} messages
	 * waiting in it. All in one transaction that is rolled back: the running sender never
	 * sees these rows.
	 */
	private long rowsReadByAClaim(int backlog) {
		return this.transactions.execute((status) -> {
			status.setRollbackOnly();
			this.jdbc.sql("""
					INSERT INTO bot_outbox (chat_id, method, payload)
					SELECT 901, 'sendMessage', '{"chat_id":901,"text":"backlog"}' FROM generate_series(1, ?)""")
				.param(backlog)
				.update();
			long before = rowsRead();
			assertThat(this.outbox.claim(32, Duration.ofSeconds(60))).hasSize(1);
			return rowsRead() - before;
		});
	}

	private long rowsRead() {
		return this.jdbc.sql("""
				SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables
				WHERE relname = 'bot_outbox'""").query(Long.class).single();
	}

	@Test
	void capsTheMessagesWaitingForOneChat() {
		int cap = this.properties.outbox().maxOpenPerChat();
		ObjectNode payload = JsonNodeFactory.instance.objectNode().put("chat_id", 902).put("text", "again");

		List<Boolean> queued = this.transactions.execute((status) -> java.util.stream.IntStream.range(0, cap + 5)
			.mapToObj((i) -> this.outbox.enqueue(Outbox.Message.of(902, payload, Outbox.Coalesce.NONE), cap))
			.toList());

		assertThat(queued).containsExactlyElementsOf(java.util.stream.Stream
			.concat(java.util.Collections.nCopies(cap, true).stream(), java.util.Collections.nCopies(5, false).stream())
			.toList());
	}

	private void enqueue(long chatId, String text) {
		ObjectNode payload = JsonNodeFactory.instance.objectNode().put("chat_id", chatId).put("text", text);
		this.transactions.executeWithoutResult(
				(status) -> this.outbox.enqueue(Outbox.Message.of(chatId, payload, Outbox.Coalesce.NONE), 1000));
	}

	private void awaitAll(String status) {
		await(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status <> ?")
			.param(status)
			.query(Long.class)
			.single() == 0, "every outbox row " + status);
	}

	private void awaitNoneOpen() {
		await(() -> this.jdbc.sql("SELECT count(*) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING')")
			.query(Long.class)
			.single() == 0, "no open outbox row");
	}

	private static void await(java.util.concurrent.Callable<Boolean> condition, String what) {
		Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
	}

}
