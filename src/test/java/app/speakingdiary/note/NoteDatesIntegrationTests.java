package app.speakingdiary.note;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import app.speakingdiary.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry's date: set when written or later, apart from when it was written; lists
 * newest first by it, page after page, whatever ties or changes of dates happen between
 * pages.
 */
class NoteDatesIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EntityExchangeResult<byte[]> send(ApiUser user, HttpMethod method, String uri, String ifMatch,
			String body) {
		return as(user, method, uri).headers((headers) -> {
			if (ifMatch != null) {
				headers.set(HttpHeaders.IF_MATCH, ifMatch);
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue((body != null) ? body : "")
			.exchange()
			.expectBody()
			.returnResult();
	}

	private JsonNode create(ApiUser user, String body) {
		EntityExchangeResult<byte[]> result = send(user, HttpMethod.POST, "/api/telegram/notes", null, body);
		assertThat(result.getStatus().value()).as(new String(result.getResponseBodyContent())).isEqualTo(201);
		return json(result).get("note");
	}

	private JsonNode page(ApiUser user, String query) {
		EntityExchangeResult<byte[]> result = as(user, HttpMethod.GET, "/api/telegram/notes" + query).exchange()
			.expectBody()
			.returnResult();
		assertThat(result.getStatus().value()).isEqualTo(200);
		return json(result);
	}

	private static JsonNode json(EntityExchangeResult<byte[]> result) {
		return JSON.readTree(result.getResponseBodyContent());
	}

	private static List<String> texts(JsonNode page) {
		List<String> texts = new ArrayList<>();
		page.get("notes").forEach((note) -> texts.add(note.get("text").asString()));
		return texts;
	}

	/** Every page's texts, following next_cursor, with {@code between} run after each. */
	private List<String> allPages(ApiUser user, int size, Runnable between) {
		List<String> texts = new ArrayList<>();
		JsonNode page = page(user, "?limit=" + size);
		while (true) {
			texts.addAll(texts(page));
			between.run();
			if (page.get("next_cursor").isNull()) {
				return texts;
			}
			page = page(user, "?limit=" + size + "&cursor=" + page.get("next_cursor").asString());
		}
	}

	@Test
	void aNewEntryIsDatedWhenItWasWrittenAndShowsWhenItWasCreated() {
		ApiUser ada = newUser(301);
		Instant before = Instant.now().minusSeconds(1);

		JsonNode note = create(ada, "{\"text\":\"today\"}");

		Instant date = Instant.parse(note.get("date").asString());
		assertThat(date).isBetween(before, Instant.now().plusSeconds(1));
		assertThat(note.get("created_at").asString()).isEqualTo(note.get("date").asString());
		assertThat(note.get("timestamp").asString()).isEqualTo(note.get("created_at").asString());
		assertThat(note.get("updated_at").isNull()).isTrue();
	}

	@Test
	void aBackDatedEntryTakesItsPlaceInTheListByDate() {
		ApiUser ada = newUser(302);
		create(ada, "{\"text\":\"written first\"}");
		JsonNode old = create(ada, "{\"text\":\"about last summer\",\"date\":\"2025-07-14T21:30:00+03:00\"}");
		create(ada, "{\"text\":\"written last\"}");

		assertThat(Instant.parse(old.get("date").asString())).isEqualTo(Instant.parse("2025-07-14T18:30:00Z"));
		assertThat(Instant.parse(old.get("created_at").asString())).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(texts(page(ada, ""))).containsExactly("written last", "written first", "about last summer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"yesterday\"", "\"2026-11-30\"", "\"2026-11-30T21:15:00\"", "1764537300", "true",
			"\"1899-12-31T23:59:59Z\"", "\"+10000-01-01T00:00:00Z\"", "{}" })
	void refusesADateThatIsNotAMomentWithAnOffsetFrom1900On(String date) {
		ApiUser ada = newUser(303);

		EntityExchangeResult<byte[]> result = send(ada, HttpMethod.POST, "/api/telegram/notes", null,
				"{\"text\":\"x\",\"date\":" + date + "}");

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(json(result).get("detail").asString()).contains("date");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void anEntryMayBeDatedUpToADayAheadAndNoFurther() {
		ApiUser ada = newUser(304);
		Instant now = Instant.now();

		create(ada, "{\"text\":\"tonight\",\"date\":\"" + now.plus(Duration.ofHours(23)) + "\"}");
		EntityExchangeResult<byte[]> tooFar = send(ada, HttpMethod.POST, "/api/telegram/notes", null,
				"{\"text\":\"next week\",\"date\":\"" + now.plus(Duration.ofHours(25)) + "\"}");

		assertThat(tooFar.getStatus().value()).isEqualTo(400);
		assertThat(texts(page(ada, ""))).containsExactly("tonight");
	}

	@Test
	void pagesOfEntriesSharingOneDateShowEachOnceInIdOrder() {
		ApiUser ada = newUser(305);
		for (int i = 1; i <= 7; i++) {
			create(ada, "{\"text\":\"same " + i + "\",\"date\":\"2026-03-08T12:00:00Z\"}");
		}
		create(ada, "{\"text\":\"earlier\",\"date\":\"2026-03-08T11:59:59.999999Z\"}");

		assertThat(allPages(ada, 3, () -> {
		})).containsExactly("same 7", "same 6", "same 5", "same 4", "same 3", "same 2", "same 1", "earlier");
	}

	@Test
	void aDateChangedBetweenPagesMakesNoOtherEntrySkipOrRepeat() {
		ApiUser ada = newUser(306);
		List<Long> ids = new ArrayList<>();
		Instant start = Instant.parse("2026-01-01T09:00:00Z");
		for (int i = 1; i <= 9; i++) {
			ids.add(create(ada, "{\"text\":\"day " + i + "\",\"date\":\"" + start.plus(i, ChronoUnit.DAYS) + "\"}")
				.get("id")
				.asLong());
		}
		long laterPage = ids.get(1);
		long seen = ids.get(8);
		int[] step = { 0 };

		List<String> texts = allPages(ada, 3, () -> {
			if (step[0]++ == 0) {
				// After the first page: an entry not yet seen moves to the top, one
				// already seen moves to the bottom.
				this.jdbc.sql("UPDATE note SET entry_date = '2026-06-01T00:00:00Z' WHERE id = ?")
					.param(laterPage)
					.update();
				this.jdbc.sql("UPDATE note SET entry_date = '2025-06-01T00:00:00Z' WHERE id = ?").param(seen).update();
			}
		});

		// Every entry that stayed put shows exactly once; the moved ones as their new
		// place dictates (the one moved up is not seen again, the one moved down is).
		assertThat(texts).containsExactly("day 9", "day 8", "day 7", "day 6", "day 5", "day 4", "day 3", "day 1",
				"day 9");
	}

	@Test
	void aDayListsThatDaysEntriesInTheUsersTimeZonePageByPage() {
		ApiUser ada = newUser(311);
		// Moscow is UTC+3: its 30 November runs from 21:00 UTC on the 29th to 21:00 UTC
		// on
		// the 30th.
		create(ada, "{\"text\":\"before\",\"date\":\"2026-11-29T20:59:59.999999Z\"}");
		create(ada, "{\"text\":\"first moment\",\"date\":\"2026-11-29T21:00:00Z\"}");
		for (int i = 1; i <= 3; i++) {
			create(ada, "{\"text\":\"noon " + i + "\",\"date\":\"2026-11-30T09:00:00Z\"}");
		}
		create(ada, "{\"text\":\"next day\",\"date\":\"2026-11-30T21:00:00Z\"}");

		JsonNode first = page(ada, "?day=2026-11-30&limit=2");
		JsonNode rest = page(ada, first.get("next").asString().replace("/api/telegram/notes", ""));

		assertThat(texts(first)).containsExactly("noon 3", "noon 2");
		assertThat(first.get("next").asString()).contains("day=2026-11-30");
		assertThat(texts(rest)).containsExactly("noon 1", "first moment");
		assertThat(rest.get("next").isNull()).isTrue();
		EntityExchangeResult<byte[]> bad = as(ada, HttpMethod.GET, "/api/telegram/notes?day=30.11.2026").exchange()
			.expectBody()
			.returnResult();
		assertThat(bad.getStatus().value()).isEqualTo(400);
	}

	@Test
	void patchingTheDateNeedsTheVersionAndKeepsTheText() {
		ApiUser ada = newUser(307);
		JsonNode note = create(ada, "{\"text\":\"mine #tag\"}");
		String uri = "/api/telegram/notes/" + note.get("id").asLong();

		EntityExchangeResult<byte[]> moved = send(ada, HttpMethod.PATCH, uri, "\"1\"",
				"{\"date\":\"2024-02-29T08:00:00+05:00\"}");
		EntityExchangeResult<byte[]> stale = send(ada, HttpMethod.PATCH, uri, "\"1\"",
				"{\"date\":\"2020-01-01T00:00:00Z\"}");
		EntityExchangeResult<byte[]> unconditional = send(ada, HttpMethod.PATCH, uri, null,
				"{\"date\":\"2020-01-01T00:00:00Z\"}");

		assertThat(moved.getStatus().value()).isEqualTo(200);
		JsonNode now = json(moved).get("note");
		assertThat(Instant.parse(now.get("date").asString())).isEqualTo(Instant.parse("2024-02-29T03:00:00Z"));
		assertThat(now.get("text").asString()).isEqualTo("mine #tag");
		assertThat(now.get("tags").get(0).asString()).isEqualTo("tag");
		assertThat(now.get("version").asLong()).isEqualTo(2);
		assertThat(now.get("updated_at").isNull()).isFalse();
		assertThat(now.get("created_at").asString()).isEqualTo(note.get("created_at").asString());
		assertThat(stale.getStatus().value()).isEqualTo(412);
		assertThat(json(stale).at("/note/date").asString()).isEqualTo(now.get("date").asString());
		assertThat(unconditional.getStatus().value()).isEqualTo(428);
	}

	@Test
	void patchingTextAndDateTogetherChangesBothInOneVersion() {
		ApiUser ada = newUser(308);
		long id = create(ada, "{\"text\":\"draft\"}").get("id").asLong();

		JsonNode now = json(send(ada, HttpMethod.PATCH, "/api/telegram/notes/" + id, "\"1\"",
				"{\"text\":\"final\",\"date\":\"2026-05-01T10:00:00Z\"}"))
			.get("note");

		assertThat(now.get("text").asString()).isEqualTo("final");
		assertThat(Instant.parse(now.get("date").asString())).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
		assertThat(now.get("version").asLong()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"date\":\"soon\"}", "{\"date\":\"2200-01-01T00:00:00Z\"}", "{\"date\":null}",
			"{\"text\":5}" })
	void refusesAPatchWithNothingValidToChange(String body) {
		ApiUser ada = newUser(309);
		JsonNode note = create(ada, "{\"text\":\"kept\"}");

		EntityExchangeResult<byte[]> result = send(ada, HttpMethod.PATCH,
				"/api/telegram/notes/" + note.get("id").asLong(), "\"1\"", body);

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(result.getResponseHeaders().getContentType()).hasToString("application/problem+json");
		JsonNode kept = page(ada, "").get("notes").get(0);
		assertThat(kept.get("version").asLong()).isEqualTo(1);
		assertThat(kept.get("date").asString()).isEqualTo(note.get("date").asString());
	}

	@Test
	void aRetryWithTheSameKeyButAnotherDateIsAnotherRequest() {
		ApiUser ada = newUser(310);
		String first = "{\"text\":\"same\",\"date\":\"2026-02-01T00:00:00Z\"}";

		EntityExchangeResult<byte[]> created = as(ada, HttpMethod.POST, "/api/telegram/notes")
			.header("Idempotency-Key", "k-310")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(first)
			.exchange()
			.expectBody()
			.returnResult();
		EntityExchangeResult<byte[]> other = as(ada, HttpMethod.POST, "/api/telegram/notes")
			.header("Idempotency-Key", "k-310")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"same\",\"date\":\"2026-02-02T00:00:00Z\"}")
			.exchange()
			.expectBody()
			.returnResult();

		assertThat(created.getStatus().value()).isEqualTo(201);
		assertThat(other.getStatus().value()).isEqualTo(422);
		assertThat(texts(page(ada, ""))).containsExactly("same");
	}

}
