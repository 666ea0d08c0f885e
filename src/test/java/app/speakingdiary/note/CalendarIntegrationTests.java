package app.speakingdiary.note;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import app.speakingdiary.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries by day as the user's time zone has them: a month's days, and this day in
 * earlier years.
 */
class CalendarIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EntityExchangeResult<byte[]> get(ApiUser user, String uri) {
		return as(user, HttpMethod.GET, uri).exchange().expectBody().returnResult();
	}

	private JsonNode ok(ApiUser user, String uri) {
		EntityExchangeResult<byte[]> result = get(user, uri);
		assertThat(result.getStatus().value()).as(new String(result.getResponseBodyContent())).isEqualTo(200);
		return JSON.readTree(result.getResponseBodyContent());
	}

	private void setZone(ApiUser user, String zone) {
		as(user, HttpMethod.PATCH, "/api/telegram/me").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"time_zone\":\"" + zone + "\"}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	private void entry(long userId, String text, Instant date) {
		this.jdbc.sql("INSERT INTO note (user_id, text, entry_date) VALUES (?, ?, ?)")
			.params(userId, text, java.sql.Timestamp.from(date))
			.update();
	}

	private static List<String> days(JsonNode month) {
		List<String> days = new ArrayList<>();
		month.get("days").forEach((day) -> days.add(day.get("date").asString() + "=" + day.get("notes").asInt()));
		return days;
	}

	@Test
	void aMonthCountsEntriesOnTheDaysOfTheUsersTimeZone() {
		ApiUser ada = newUser(401);
		ApiUser bob = newUser(402);
		// 22:30 UTC on 30 November is 01:30 on 1 December in Moscow.
		entry(ada.id(), "late", Instant.parse("2026-11-30T22:30:00Z"));
		entry(ada.id(), "morning", Instant.parse("2026-11-30T06:00:00Z"));
		entry(ada.id(), "noon", Instant.parse("2026-11-30T09:00:00Z"));
		entry(ada.id(), "first", Instant.parse("2026-10-31T21:00:00Z"));
		entry(ada.id(), "october", Instant.parse("2026-10-31T20:59:59Z"));
		entry(bob.id(), "not hers", Instant.parse("2026-11-15T12:00:00Z"));

		JsonNode moscow = ok(ada, "/api/telegram/notes/calendar?month=2026-11");
		setZone(ada, "America/New_York");
		JsonNode newYork = ok(ada, "/api/telegram/notes/calendar?month=2026-11");

		assertThat(moscow.get("time_zone").asString()).isEqualTo("Europe/Moscow");
		assertThat(moscow.get("month").asString()).isEqualTo("2026-11");
		assertThat(days(moscow)).containsExactly("2026-11-01=1", "2026-11-30=2");
		assertThat(newYork.get("time_zone").asString()).isEqualTo("America/New_York");
		// There, the first is still 31 October, and the late one 30 November.
		assertThat(days(newYork)).containsExactly("2026-11-30=3");
	}

	@Test
	void withoutAMonthTheCalendarShowsThisMonth() {
		ApiUser ada = newUser(403);

		JsonNode month = ok(ada, "/api/telegram/notes/calendar");

		assertThat(month.get("month").asString()).isIn(java.time.YearMonth.now(ZoneId.of("Europe/Moscow")).toString(),
				java.time.YearMonth.now(ZoneId.of("Europe/Moscow")).minusMonths(1).toString());
		assertThat(month.get("days")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-13", "2026-1", "26-11", "1899-12", "2026-11-01", "abc", "%00" })
	void refusesAMonthThatIsNotYearDashMonth(String month) {
		EntityExchangeResult<byte[]> result = get(newUser(404), "/api/telegram/notes/calendar?month=" + month);

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(JSON.readTree(result.getResponseBodyContent()).get("detail").asString()).contains("month");
	}

	@Test
	void onThisDayShowsTheSameDateOfEarlierYearsNewestFirst() {
		ApiUser ada = newUser(405);
		ApiUser bob = newUser(406);
		ZoneId moscow = ZoneId.of("Europe/Moscow");
		LocalDate today = LocalDate.parse(ok(ada, "/api/telegram/notes/on-this-day").get("date").asString());
		// Four and eight years back: the same date exists then, also on 29 February.
		entry(ada.id(), "four years ago", today.minusYears(4).atTime(10, 0).atZone(moscow).toInstant());
		entry(ada.id(), "four years ago, late", today.minusYears(4).atTime(23, 59).atZone(moscow).toInstant());
		entry(ada.id(), "eight years ago", today.minusYears(8).atStartOfDay(moscow).toInstant());
		entry(ada.id(), "the day before, four years ago",
				today.minusYears(4).atStartOfDay(moscow).minusSeconds(1).toInstant());
		entry(ada.id(), "the day after, four years ago",
				today.minusYears(4).plusDays(1).atStartOfDay(moscow).toInstant());
		entry(ada.id(), "today", today.atTime(0, 1).atZone(moscow).toInstant());
		entry(bob.id(), "not hers", today.minusYears(4).atTime(12, 0).atZone(moscow).toInstant());

		JsonNode found = ok(ada, "/api/telegram/notes/on-this-day");

		assertThat(found.get("date").asString()).isEqualTo(today.toString());
		assertThat(found.get("time_zone").asString()).isEqualTo("Europe/Moscow");
		List<String> texts = new ArrayList<>();
		found.get("notes").forEach((note) -> texts.add(note.get("text").asString()));
		assertThat(texts).containsExactly("four years ago, late", "four years ago", "eight years ago");
	}

	@Test
	void onThisDayIsEmptyForADiaryWithNoEarlierYears() {
		ApiUser ada = newUser(407);

		JsonNode none = ok(ada, "/api/telegram/notes/on-this-day");
		entry(ada.id(), "now", Instant.now());

		assertThat(none.get("notes")).isEmpty();
		assertThat(ok(ada, "/api/telegram/notes/on-this-day").get("notes")).isEmpty();
	}

}
