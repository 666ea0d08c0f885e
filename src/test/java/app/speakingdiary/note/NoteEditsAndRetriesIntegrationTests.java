package app.speakingdiary.note;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits never overwrite a change made elsewhere (versions, If-Match, 412), and a retried
 * create never makes a second note (Idempotency-Key).
 */
class NoteEditsAndRetriesIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EntityExchangeResult<byte[]> create(ApiUser user, String text, String key) {
		return this.http.post()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", user.token())
			.header("X-Telegram-Init-Data", user.initData())
			.headers((headers) -> {
				if (key != null) {
					headers.set("Idempotency-Key", key);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"" + text + "\"}")
			.exchange()
			.expectBody()
			.returnResult();
	}

	private EntityExchangeResult<byte[]> patch(ApiUser user, long id, String ifMatch, String text) {
		return this.http.patch()
			.uri("/api/telegram/notes/" + id)
			.header("X-Session-Token", user.token())
			.header("X-Telegram-Init-Data", user.initData())
			.headers((headers) -> {
				if (ifMatch != null) {
					headers.set(HttpHeaders.IF_MATCH, ifMatch);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"" + text + "\"}")
			.exchange()
			.expectBody()
			.returnResult();
	}

	private static JsonNode json(EntityExchangeResult<byte[]> result) {
		return JSON.readTree(result.getResponseBodyContent());
	}

	private String textOf(long id) {
		return this.jdbc.sql("SELECT text FROM note WHERE id = ?").param(id).query(String.class).single();
	}

	@Test
	void anEditNamingTheCurrentVersionChangesTheTextAndTheVersion() {
		ApiUser ada = newUser(42);
		EntityExchangeResult<byte[]> created = create(ada, "first", null);
		assertThat(created.getResponseHeaders().getETag()).isEqualTo("\"1\"");
		long id = json(created).at("/note/id").asLong();

		EntityExchangeResult<byte[]> edited = patch(ada, id, "\"1\"", "second");

		assertThat(edited.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(edited.getResponseHeaders().getETag()).isEqualTo("\"2\"");
		assertThat(json(edited).at("/note/version").asLong()).isEqualTo(2);
		assertThat(json(edited).at("/note/text").asString()).isEqualTo("second");
		assertThat(textOf(id)).isEqualTo("second");
	}

	@Test
	void aStaleVersionGets412WithTheNoteAsItIsNowAndChangesNothing() {
		ApiUser ada = newUser(42);
		long id = json(create(ada, "first", null)).at("/note/id").asLong();
		patch(ada, id, "\"1\"", "from the phone");

		EntityExchangeResult<byte[]> stale = patch(ada, id, "\"1\"", "from the laptop");

		assertThat(stale.getStatus()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
		assertThat(stale.getResponseHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(stale.getResponseHeaders().getETag()).isEqualTo("\"2\"");
		assertThat(json(stale).get("reason").asString()).isEqualTo("note_changed");
		assertThat(json(stale).at("/note/text").asString()).isEqualTo("from the phone");
		assertThat(json(stale).at("/note/version").asLong()).isEqualTo(2);
		assertThat(textOf(id)).isEqualTo("from the phone");
	}

	@Test
	void anEditInTelegramChangesTheVersionSoTheAppsOldOneGets412() {
		ApiUser ada = newUser(42);
		String message = """
				{"update_id":%d,"%s":{"message_id":7,"date":1764000000,"text":"%s",
				 "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada"}}}""";
		postUpdate(message.formatted(1, "message", "in the chat")).expectStatus().isOk();
		long id = this.jdbc.sql("SELECT id FROM note").query(Long.class).single();
		postUpdate(message.formatted(2, "edited_message", "edited in the chat")).expectStatus().isOk();

		EntityExchangeResult<byte[]> stale = patch(ada, id, "\"1\"", "edited in the app");

		assertThat(stale.getStatus()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
		assertThat(textOf(id)).isEqualTo("edited in the chat");
	}

	@Test
	void anEditWithoutIfMatchIs428AWeakTagNeverMatchesAndAStarMatchesAnyVersion() {
		ApiUser ada = newUser(42);
		long id = json(create(ada, "first", null)).at("/note/id").asLong();

		EntityExchangeResult<byte[]> unconditional = patch(ada, id, null, "blind");
		assertThat(unconditional.getStatus()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED);
		assertThat(json(unconditional).get("reason").asString()).isEqualTo("if_match_required");
		assertThat(patch(ada, id, "W/\"1\"", "weak").getStatus()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
		assertThat(textOf(id)).isEqualTo("first");

		assertThat(patch(ada, id, "*", "any").getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(textOf(id)).isEqualTo("any");
	}

	@Test
	void anotherUsersNoteCannotBeEditedOrFound() {
		ApiUser ada = newUser(42);
		ApiUser eve = newUser(43);
		long id = json(create(ada, "mine", null)).at("/note/id").asLong();

		assertThat(patch(eve, id, "*", "yours now").getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(patch(eve, id, "\"1\"", "yours now").getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(textOf(id)).isEqualTo("mine");
	}

	@Test
	void aBlankTextIsRefusedForATextNote() {
		ApiUser ada = newUser(42);
		long id = json(create(ada, "first", null)).at("/note/id").asLong();

		assertThat(patch(ada, id, "\"1\"", "   ").getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(textOf(id)).isEqualTo("first");
	}

	@Test
	void aRetryWithTheSameKeyGetsTheFirstAnswerAndNoSecondNote() {
		ApiUser ada = newUser(42);
		EntityExchangeResult<byte[]> first = create(ada, "once", "key-0001");
		EntityExchangeResult<byte[]> retry = create(ada, "once", "key-0001");

		assertThat(first.getStatus()).isEqualTo(HttpStatus.CREATED);
		assertThat(retry.getStatus()).isEqualTo(HttpStatus.CREATED);
		assertThat(json(retry)).isEqualTo(json(first));
		assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherBodyIs422() {
		ApiUser ada = newUser(42);
		create(ada, "once", "key-0002");

		EntityExchangeResult<byte[]> other = create(ada, "something else", "key-0002");

		assertThat(other.getStatus()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(json(other).get("reason").asString()).isEqualTo("idempotency_key_reused");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void twoRequestsWithOneKeyAtOnceMakeOneNote() {
		ApiUser ada = newUser(42);
		for (int round = 0; round < 10; round++) {
			String key = "race-" + round;
			List<CompletableFuture<EntityExchangeResult<byte[]>>> both = List.of(
					CompletableFuture.supplyAsync(() -> create(ada, "race", key)),
					CompletableFuture.supplyAsync(() -> create(ada, "race", key)));
			List<EntityExchangeResult<byte[]>> answers = both.stream().map(CompletableFuture::join).toList();

			assertThat(answers).extracting(EntityExchangeResult::getStatus).containsOnly(HttpStatus.CREATED);
			assertThat(json(answers.get(0)).at("/note/id")).isEqualTo(json(answers.get(1)).at("/note/id"));
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(10);
	}

	@Test
	void aKeyOlderThanADayIsForgotten() {
		ApiUser ada = newUser(42);
		create(ada, "yesterday", "key-0003");
		this.jdbc.sql("UPDATE idempotency_key SET created_at = now() - interval '25 hours'").update();

		EntityExchangeResult<byte[]> again = create(ada, "today", "key-0003");

		assertThat(again.getStatus()).isEqualTo(HttpStatus.CREATED);
		assertThat(again.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void aMalformedKeyIs400() {
		ApiUser ada = newUser(42);

		assertThat(create(ada, "x", "has space").getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(create(ada, "x", "k".repeat(129)).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

}
