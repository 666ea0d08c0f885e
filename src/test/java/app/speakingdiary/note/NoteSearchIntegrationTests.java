package app.speakingdiary.note;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search finds a user's entries and transcripts by the words people type: Russian and
 * English stems, ё as е, the last word as a prefix, web-search syntax; snippets are data.
 */
class NoteSearchIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private void note(long userId, String text) {
		this.jdbc.sql("INSERT INTO note (user_id, text) VALUES (:userId, :text)")
			.param("userId", userId)
			.param("text", text)
			.update();
	}

	private JsonNode search(ApiUser user, String q) {
		return getJson(user, "/api/telegram/notes?q={q}", q);
	}

	private List<String> found(ApiUser user, String q) {
		return search(user, q).get("notes").valueStream().map((note) -> note.get("text").asString()).toList();
	}

	@Test
	void russianAndEnglishWordsAreFoundByTheirStems() {
		ApiUser ada = newUser(42);
		note(42, "Сегодня гуляли в парке");
		note(42, "We walked to the river");
		note(42, "Ничего общего");

		assertThat(found(ada, "парк ")).containsExactly("Сегодня гуляли в парке");
		assertThat(found(ada, "гулять ")).containsExactly("Сегодня гуляли в парке");
		assertThat(found(ada, "walking ")).containsExactly("We walked to the river");
	}

	@Test
	void yoAndYeAreTheSameLetter() {
		ApiUser ada = newUser(42);
		note(42, "Наряжали ёлку");
		note(42, "Купили елку");

		assertThat(found(ada, "ёлка ")).hasSize(2);
		assertThat(found(ada, "елка ")).hasSize(2);
	}

	@Test
	void theLastWordMatchesAsAPrefixWhileItIsTyped() {
		ApiUser ada = newUser(42);
		note(42, "Встреча с Марией в библиотеке");

		assertThat(found(ada, "библ")).containsExactly("Встреча с Марией в библиотеке");
		assertThat(found(ada, "встреча библ")).containsExactly("Встреча с Марией в библиотеке");
		assertThat(found(ada, "библ ")).as("a finished word is a whole word").isEmpty();
	}

	@Test
	void webSearchSyntaxExcludesAndQuotes() {
		ApiUser ada = newUser(42);
		note(42, "работа и дом");
		note(42, "новый дом");

		assertThat(found(ada, "дом -работа")).containsExactly("новый дом");
		assertThat(found(ada, "\"новый дом\"")).containsExactly("новый дом");
		assertThat(found(ada, "\"дом новый\"")).as("a phrase keeps its order").isEmpty();
		assertThat(found(ada, "работа or новый")).hasSize(2);
	}

	@Test
	void transcriptsAreSearchedToo() {
		ApiUser ada = newUser(42);
		this.jdbc.sql("""
				INSERT INTO note (user_id, text, source, kind, chat_message_id, transcript_status, transcript)
				VALUES (42, '', 'chat', 'voice', 7, 'done', 'Записываю голосом про отпуск')""").update();

		JsonNode hits = search(ada, "отпуск ").get("notes");
		assertThat(hits).hasSize(1);
		assertThat(hits.at("/0/kind").asString()).isEqualTo("voice");
	}

	@Test
	void anotherUsersEntriesAreNeverFound() {
		ApiUser eve = newUser(43);
		newUser(42);
		note(42, "секретный план");

		assertThat(found(eve, "план")).isEmpty();
	}

	@Test
	void aPrefixReadsOnlyItsOwnersWordsEvenWhenOneIdStartsAnother() {
		ApiUser four = newUser(4);
		ApiUser fortyTwo = newUser(42);
		note(42, "работа в саду");
		note(4, "работаю дома");

		assertThat(found(four, "раб")).containsExactly("работаю дома");
		assertThat(found(fortyTwo, "раб")).containsExactly("работа в саду");
		assertThat(found(four, "дома or раб")).containsExactly("работаю дома");
		assertThat(found(fortyTwo, "сад раб")).containsExactly("работа в саду");
		// The index condition itself, before the owner is checked again when the notes
		// are read.
		assertThat(this.jdbc.sql("""
				SELECT user_id FROM note WHERE note_owned_words(user_id, search) @@ note_owned_prefix(4, 'раб')""")
			.query(Long.class)
			.list()).containsExactly(4L);
	}

	@Test
	void aPrefixOfAStopWordOrOfNothingStemmableFindsNothingAndFailsNothing() {
		ApiUser ada = newUser(42);
		note(42, "дождь и ветер");

		assertThat(search(ada, "и").get("notes")).isEmpty();
		assertThat(found(ada, "дождь и")).as("the words still count").containsExactly("дождь и ветер");
	}

	@Test
	void theSnippetMarksMatchesAsDataAndCannotCarryMarkup() {
		ApiUser ada = newUser(42);
		note(42, "<img src=x onerror=alert(1)> вечером в парке \u0002поздно\u0003");

		JsonNode snippet = search(ada, "парк ").at("/notes/0/snippet");

		assertThat(snippet.valueStream()
			.filter((part) -> part.get("match").asBoolean())
			.map((part) -> part.get("text").asString())).containsExactly("парке");
		String joined = String.join("", snippet.valueStream().map((part) -> part.get("text").asString()).toList());
		assertThat(joined).contains("onerror=alert(1)>").doesNotContain("\u0002").doesNotContain("\u0003");
	}

	@Test
	void moreOfTheWordsRanksHigher() {
		ApiUser ada = newUser(42);
		note(42, "кофе и кофе, снова кофе утром");
		note(42, "чай, а потом кофе");

		assertThat(found(ada, "кофе ")).containsExactly("кофе и кофе, снова кофе утром", "чай, а потом кофе");
	}

	@Test
	void anEmptyQueryOrOneWithATagIs400() {
		ApiUser ada = newUser(42);

		for (String q : List.of(" ", "x&tag=y")) {
			this.http.get()
				.uri("/api/telegram/notes?q=" + q)
				.header("X-Session-Token", ada.token())
				.header("X-Telegram-Init-Data", ada.initData())
				.exchange()
				.expectStatus()
				.isBadRequest();
		}
	}

}
