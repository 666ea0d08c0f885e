package app.speakingdiary.telegram.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.telegram.FakeBotApi.Call;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private text messages become diary entries: once each, changed by their edits, undone
 * from the chat, shown by the API with where they came from.
 */
class ChatEntriesIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void aPrivateTextBecomesAnEntryAcknowledgedWithAnUndoButton() {
		postUpdate(text(1, 42, 7, "Сегодня был хороший день")).expectStatus().isOk();

		List<Call> sent = botApi.await("sendMessage", 1, WAIT);
		JsonNode ack = sent.get(0).body();
		assertThat(ack.get("chat_id").asLong()).isEqualTo(42);
		assertThat(ack.at("/reply_parameters/message_id").asLong()).isEqualTo(7);
		long noteId = noteIdOf(7);
		assertThat(ack.at("/reply_markup/inline_keyboard/0/0/callback_data").asString()).isEqualTo("undo:" + noteId);
		assertThat(ack.at("/reply_markup/inline_keyboard/0/0/text").asString()).isEqualTo("Отменить");
		assertThat(this.jdbc.sql("SELECT text FROM note WHERE id = ?").param(noteId).query(String.class).single())
			.isEqualTo("Сегодня был хороший день");
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session").query(Long.class).single())
			.as("no session for an ordinary message")
			.isZero();
	}

	@Test
	void aRedeliveredOrRepeatedMessageMakesOneEntry() {
		postUpdate(text(1, 42, 7, "once")).expectStatus().isOk();
		postUpdate(text(1, 42, 7, "once")).expectStatus().isOk();
		// The same message under another update id, as after a replica lost its record.
		postUpdate(text(2, 42, 7, "once")).expectStatus().isOk();

		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void commandsAndGroupMessagesNeverBecomeEntries() {
		postUpdate(text(1, 42, 7, "/help")).expectStatus().isOk();
		postUpdate(text(2, 42, 8, "/unknown something")).expectStatus().isOk();
		postUpdate("""
				{"update_id":3,"message":{"message_id":9,"date":1764000000,"text":"hello group",
				 "chat":{"id":-100123,"type":"supergroup","title":"Friends"},
				 "from":{"id":42,"is_bot":false,"first_name":"Ada"}}}""").expectStatus().isOk();

		assertThat(botApi.await("sendMessage", 1, WAIT).get(0).text()).contains("/start");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void anEditChangesTheEntrysTextAndKeepsItsIdAndDate() {
		postUpdate(text(1, 42, 7, "first words")).expectStatus().isOk();
		long noteId = noteIdOf(7);
		String before = this.jdbc.sql("SELECT created_at::text FROM note").query(String.class).single();

		postUpdate("""
				{"update_id":2,"edited_message":{"message_id":7,"date":1764000000,"edit_date":1764000100,
				 "text":"better words","chat":{"id":42,"type":"private"},
				 "from":{"id":42,"is_bot":false,"first_name":"Ada"}}}""").expectStatus().isOk();

		assertThat(noteIdOf(7)).isEqualTo(noteId);
		assertThat(this.jdbc.sql("SELECT text FROM note").query(String.class).single()).isEqualTo("better words");
		assertThat(this.jdbc.sql("SELECT created_at::text FROM note").query(String.class).single()).isEqualTo(before);
	}

	@Test
	void undoDeletesTheEntryAnswersThePressAndTakesTheButtonAway() {
		postUpdate(text(1, 42, 7, "oops")).expectStatus().isOk();
		long noteId = noteIdOf(7);

		postUpdate(undo(2, 42, 42, 100, noteId)).expectStatus().isOk();

		JsonNode answer = botApi.await("answerCallbackQuery", 1, WAIT).get(0).body();
		assertThat(answer.get("callback_query_id").asString()).isEqualTo("cb-2");
		assertThat(answer.get("text").asString()).isEqualTo("Запись удалена");
		JsonNode edit = botApi.await("editMessageText", 1, WAIT).get(0).body();
		assertThat(edit.get("message_id").asLong()).isEqualTo(100);
		assertThat(edit.has("reply_markup")).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void noOneCanUndoAnotherUsersEntry() {
		postUpdate(text(1, 42, 7, "mine")).expectStatus().isOk();
		long noteId = noteIdOf(7);

		// Another user presses a forged button naming Ada's entry in their own chat.
		postUpdate(undo(2, 43, 43, 100, noteId)).expectStatus().isOk();
		// And a press claiming to come from a chat that is not the presser's is dropped.
		postUpdate(undo(3, 43, 42, 100, noteId)).expectStatus().isOk();

		assertThat(botApi.await("answerCallbackQuery", 1, WAIT).get(0).body().get("text").asString())
			.isEqualTo("Этой записи уже нет");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aFullDiarySaysSoAndKeepsNothing() {
		newUser(42);
		this.jdbc.sql("INSERT INTO note_usage (user_id, notes, bytes) VALUES (42, 100000, 0)").update();

		postUpdate(text(1, 42, 7, "one too many")).expectStatus().isOk();

		assertThat(botApi.await("sendMessage", 1, WAIT).get(0).text()).startsWith("Дневник заполнен");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void theApiShowsWhereAnEntryCameFrom() {
		postUpdate("""
				{"update_id":1,"message":{"message_id":7,"date":1764000000,"text":"a quote",
				 "forward_origin":{"type":"channel","date":1700000000,"chat":{"id":-100555,"type":"channel",
				 "title":"Daily Stoic"},"message_id":3},
				 "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada"}}}""")
			.expectStatus()
			.isOk();
		ApiUser ada = newUser(42);

		JsonNode note = JSON
			.readTree(this.http.method(HttpMethod.GET)
				.uri("/api/telegram/notes")
				.header("X-Session-Token", ada.token())
				.header("Authorization", "tma " + ada.initData())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody())
			.at("/notes/0");

		assertThat(note.get("source").asString()).isEqualTo("chat");
		assertThat(note.get("kind").asString()).isEqualTo("text");
		assertThat(note.at("/forwarded_from/name").asString()).isEqualTo("Daily Stoic");
		assertThat(note.at("/forwarded_from/date").asString()).isEqualTo("2023-11-14T22:13:20Z");
		assertThat(note.get("timestamp").asString()).isEqualTo("2025-11-24T16:00:00Z");
		assertThat(note.get("media").isNull()).isTrue();
		assertThat(note.get("transcript").isNull()).isTrue();
	}

	private long noteIdOf(long messageId) {
		return this.jdbc.sql("SELECT id FROM note WHERE chat_message_id = ?")
			.param(messageId)
			.query(Long.class)
			.single();
	}

	private static String text(long updateId, long userId, long messageId, String text) {
		return """
				{"update_id":%d,"message":{"message_id":%d,"date":1764000000,"text":%s,
				 "chat":{"id":%d,"type":"private"},
				 "from":{"id":%d,"is_bot":false,"first_name":"Ada","language_code":"ru"}}}""".formatted(updateId,
				messageId, JSON.writeValueAsString(text), userId, userId);
	}

	private static String undo(long updateId, long fromId, long chatId, long acknowledgementId, long noteId) {
		return """
				{"update_id":%d,"callback_query":{"id":"cb-%d","data":"undo:%d",
				 "from":{"id":%d,"is_bot":false,"first_name":"Ada","language_code":"ru"},
				 "message":{"message_id":%d,"date":1764000000,"text":"Записано.",
				 "chat":{"id":%d,"type":"private"}}}}""".formatted(updateId, updateId, noteId, fromId,
				acknowledgementId, chatId);
	}

}
