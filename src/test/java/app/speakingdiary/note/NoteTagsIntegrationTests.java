package app.speakingdiary.note;

import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #tags are kept by every writer, listed with counts, and filter the list, for their
 * owner only.
 */
class NoteTagsIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private SchedulerClient scheduler;

	private JsonNode get(ApiUser user, String uri, Object... variables) {
		return getJson(user, uri, variables);
	}

	private long create(ApiUser user, String text) {
		return JSON
			.readTree(this.http.post()
				.uri("/api/telegram/notes")
				.header("X-Session-Token", user.token())
				.header("X-Telegram-Init-Data", user.initData())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"text\":\"" + text + "\"}")
				.exchange()
				.expectStatus()
				.isCreated()
				.expectBody()
				.returnResult()
				.getResponseBodyContent())
			.at("/note/id")
			.asLong();
	}

	@Test
	void tagsAreCountedAndFilterTheListWhateverTheirCase() {
		ApiUser ada = newUser(42);
		long first = create(ada, "Утро #Работа");
		create(ada, "Вечер #работа #дом");
		create(ada, "без тегов");

		JsonNode tags = get(ada, "/api/telegram/tags").get("tags");
		assertThat(tags.toString()).isEqualTo("[{\"tag\":\"работа\",\"notes\":2},{\"tag\":\"дом\",\"notes\":1}]");
		JsonNode work = get(ada, "/api/telegram/notes?tag={tag}", "#Работа");
		assertThat(work.get("notes")).hasSize(2);
		assertThat(work.at("/notes/1/id").asLong()).isEqualTo(first);
		assertThat(work.at("/notes/1/tags/0").asString()).isEqualTo("работа");
		JsonNode page = get(ada, "/api/telegram/notes?tag=работа&limit=1");
		assertThat(page.get("next").asString()).contains("tag=%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D0%B0");
	}

	@Test
	void editsAndChatEntriesKeepTheirTagsUpToDate() {
		ApiUser ada = newUser(42);
		long id = create(ada, "#old");
		this.http.patch()
			.uri("/api/telegram/notes/" + id)
			.header("X-Session-Token", ada.token())
			.header("X-Telegram-Init-Data", ada.initData())
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"#new\"}")
			.exchange()
			.expectStatus()
			.isOk();
		String message = """
				{"update_id":%d,"%s":{"message_id":7,"date":1764000000,"text":"%s",
				 "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada"}}}""";
		postUpdate(message.formatted(1, "message", "из чата #чат")).expectStatus().isOk();
		postUpdate(message.formatted(2, "edited_message", "из чата #правка")).expectStatus().isOk();

		assertThat(this.jdbc.sql("SELECT tag FROM note_tag ORDER BY tag").query(String.class).list())
			.containsExactly("new", "правка");
	}

	@Test
	void anotherUsersTagsAreNeitherListedNorFound() {
		ApiUser ada = newUser(42);
		ApiUser eve = newUser(43);
		create(ada, "#секрет");

		assertThat(get(eve, "/api/telegram/tags").get("tags")).isEmpty();
		assertThat(get(eve, "/api/telegram/notes?tag=секрет").get("notes")).isEmpty();
	}

	@Test
	void aMalformedTagIs400() {
		ApiUser ada = newUser(42);

		this.http.get()
			.uri("/api/telegram/notes?tag=two words")
			.header("X-Session-Token", ada.token())
			.header("X-Telegram-Init-Data", ada.initData())
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void notesWrittenBeforeTagsGetThemFromTheBackfill() {
		newUser(42);
		for (int i = 0; i < 1500; i++) {
			this.jdbc.sql("INSERT INTO note (user_id, text) VALUES (42, :text)")
				.param("text", (i % 2 == 0) ? "старое #архив" : "без тега")
				.update();
		}

		this.scheduler
			.scheduleIfNotExists(TaskDescriptor.of("note-tags-backfill").instance("test").scheduledTo(Instant.now()));

		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM note_tag WHERE tag = 'архив'")
				.query(Long.class)
				.single() == 750);
	}

}
