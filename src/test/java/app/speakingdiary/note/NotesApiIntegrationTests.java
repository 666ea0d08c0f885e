package app.speakingdiary.note;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.RequestBodySpec;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import app.speakingdiary.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class NotesApiIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void createsANoteAndAnswersWithItsIdTextAndUtcTimestamp() {
		ApiUser ada = newUser(201);

		JsonNode note = body(create(ada, "{\"text\":\"hello\"}").expectStatus()
			.isCreated()
			.expectHeader()
			.valueMatches("Location", "/api/telegram/notes/\\d+")).get("note");

		assertThat(note.get("id").asLong()).isPositive();
		assertThat(note.get("text").asString()).isEqualTo("hello");
		assertThat(note.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
	}

	@Test
	void keepsTextExactlyAsWritten() {
		ApiUser ada = newUser(202);
		String text = "  Привет 🙂👨‍👩‍👧 שלום עולם\ne\u0301 \u200f\ttab\r\n\\ \"quoted\" </script>  ";

		create(ada, JSON.createObjectNode().put("text", text).toString()).expectStatus().isCreated();

		JsonNode listed = body(list(ada, "")).get("notes").get(0);
		assertThat(listed.get("text").asString()).isEqualTo(text);
		assertThat(this.jdbc.sql("SELECT text FROM note").query(String.class).single()).isEqualTo(text);
	}

	@Test
	void listsNewestFirstInPagesWithALinkToTheNext() {
		ApiUser ada = newUser(203);
		for (int i = 1; i <= 5; i++) {
			create(ada, "{\"text\":\"note " + i + "\"}").expectStatus().isCreated();
		}

		JsonNode first = body(list(ada, "?limit=2"));
		assertThat(first.get("user_id").asLong()).isEqualTo(203);
		assertThat(texts(first)).containsExactly("note 5", "note 4");
		JsonNode second = body(list(ada, first.get("next").asString().replace("/api/telegram/notes", "")));
		assertThat(texts(second)).containsExactly("note 3", "note 2");
		JsonNode last = body(list(ada, "?limit=2&cursor=" + second.get("next_cursor").asString()));
		assertThat(texts(last)).containsExactly("note 1");
		assertThat(last.get("next").isNull()).isTrue();
		assertThat(last.get("next_cursor").isNull()).isTrue();
		assertThat(texts(body(list(ada, "")))).hasSize(5);
	}

	@Test
	void deletesOnlyTheCallersOwnNotes() {
		ApiUser ada = newUser(204);
		ApiUser bob = newUser(205);
		long adas = body(create(ada, "{\"text\":\"mine\"}").expectStatus().isCreated()).at("/note/id").asLong();

		problem(call(bob, HttpMethod.DELETE, "/api/telegram/notes/" + adas).exchange(), 404);
		assertThat(texts(body(list(ada, "")))).containsExactly("mine");

		call(ada, HttpMethod.DELETE, "/api/telegram/notes/" + adas).exchange().expectStatus().isNoContent();
		problem(call(ada, HttpMethod.DELETE, "/api/telegram/notes/" + adas).exchange(), 404);
		assertThat(texts(body(list(ada, "")))).isEmpty();
	}

	@Test
	void showsOneUsersNotesToAllTheirSessions() {
		ApiUser first = newUser(206);
		ApiUser second = newUser(206);
		create(first, "{\"text\":\"from the first session\"}").expectStatus().isCreated();

		assertThat(texts(body(list(second, "")))).containsExactly("from the first session");
	}

	@Test
	void neverShowsAUserAnotherUsersNotesUnderConcurrency() throws Exception {
		List<ApiUser> users = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			users.add(newUser(300 + i));
		}
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (ApiUser user : users) {
				for (int n = 0; n < 15; n++) {
					int number = n;
					work.add(pool
						.submit(() -> create(user, "{\"text\":\"" + user.id() + "/" + number + "\"}").expectStatus()
							.isCreated()));
					work.add(pool.submit(() -> texts(body(list(user, "?limit=200")))
						.forEach((text) -> assertThat(text).startsWith(user.id() + "/"))));
				}
			}
			for (Future<?> future : work) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (ApiUser user : users) {
			assertThat(texts(body(list(user, "?limit=200")))).hasSize(15)
				.allMatch((text) -> text.startsWith(user.id() + "/"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"text\":\"   \"}", "{\"text\":\"\\n\\t \\u3000\"}", "{\"text\":\"\"}", "{}",
			"{\"text\":null}", "{\"text\":42}", "{\"text\":[\"a\"]}", "[\"text\"]", "\"text\"", "null",
			"{\"text\":\"nul \\u0000 inside\"}", "{\"text\":\"lone \\ud800 surrogate\"}", "{\"text\":", "{text:'x'}" })
	void refusesTextThatIsNotANote(String body) {
		ApiUser ada = newUser(207);

		problem(create(ada, body), 400);
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void answersAnUnknownSessionWith401WhateverTheTextAndAnotherUsersWith403() {
		ApiUser ada = newUser(208);
		ApiUser bob = newUser(209);
		ApiUser forgotten = new ApiUser(ada.id(), "x".repeat(43), ada.initData());
		ApiUser mixed = new ApiUser(ada.id(), bob.token(), ada.initData());

		problem(create(forgotten, "{\"text\":\"   \"}"), 401).jsonPath("$.reason").isEqualTo("session_invalid");
		problem(create(mixed, "{\"text\":\"   \"}"), 403).jsonPath("$.reason").isEqualTo("user_mismatch");
		problem(create(ada, "{\"text\":\"   \"}"), 400);
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void acceptsTheLongestNoteCountedInCharactersAndRefusesOneMore() {
		ApiUser ada = newUser(208);

		create(ada, "{\"text\":\"" + "🙂".repeat(4096) + "\"}").expectStatus().isCreated();
		problem(create(ada, "{\"text\":\"" + "a".repeat(4097) + "\"}"), 400).jsonPath("$.detail")
			.isEqualTo("The note is 4097 characters long; at most 4096 are allowed.");
	}

	@Test
	void refusesABodyOver64KiBWrongTypesAndMethods() {
		ApiUser ada = newUser(209);

		problem(create(ada, "{\"text\":\"" + "a".repeat(70_000) + "\"}"), 413);
		problem(call(ada, HttpMethod.POST, "/api/telegram/notes").contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange(), 415);
		problem(call(ada, HttpMethod.PUT, "/api/telegram/notes").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange(), 405);
		problem(call(ada, HttpMethod.GET, "/api/telegram/nothing-here").exchange(), 404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "?limit=0", "?limit=201", "?limit=abc", "?limit=1.5", "?cursor=abc", "?cursor=LTQ",
			"?cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTkuMQ", "?cursor=%00", "?before=41" })
	void refusesPagingParametersOutOfRange(String query) {
		problem(list(newUser(210), query), 400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "-1", "1.5", "99999999999999999999" })
	void refusesANoteIdThatIsNotOne(String id) {
		problem(call(newUser(211), HttpMethod.DELETE, "/api/telegram/notes/" + id).exchange(), 400);
	}

	@Test
	void letsTheMiniAppsOriginCallWithItsHeadersAndNoOtherOrigin() {
		this.http.options()
			.uri("/api/telegram/notes")
			.header("Origin", "https://diary.example.org")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization, x-session-token, content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://diary.example.org");
		this.http.options()
			.uri("/api/telegram/notes")
			.header("Origin", "https://evil.example.com")
			.header("Access-Control-Request-Method", "POST")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private ResponseSpec create(ApiUser user, String body) {
		return call(user, HttpMethod.POST, "/api/telegram/notes").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private ResponseSpec list(ApiUser user, String query) {
		return call(user, HttpMethod.GET, "/api/telegram/notes" + query).exchange();
	}

	private RequestBodySpec call(ApiUser user, HttpMethod method, String uri) {
		return this.http.method(method)
			.uri(uri)
			.header("X-Session-Token", user.token())
			.header("Authorization", "tma " + user.initData());
	}

	private static JsonNode body(ResponseSpec response) {
		byte[] bytes = response.expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody();
		return JSON.readTree(bytes);
	}

	private static List<String> texts(JsonNode page) {
		return page.get("notes").valueStream().map((note) -> note.get("text").asString()).toList();
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec problem(
			ResponseSpec response, int status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isNotEmpty()
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.trace")
			.doesNotExist()
			.jsonPath("$.exception")
			.doesNotExist();
	}

}
