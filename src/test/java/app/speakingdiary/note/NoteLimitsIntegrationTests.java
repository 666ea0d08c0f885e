package app.speakingdiary.note;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one user may write a minute and keep in all (test defaults: 30 writes a minute,
 * 100,000 notes, 100 MB).
 */
class NoteLimitsIntegrationTests extends IntegrationTest {

	@Test
	void refusesWritesPastThePerMinuteLimitWithRetryAfterAndWritesNothingForThem() {
		ApiUser ada = newUser(301);
		awayFromAMinuteBoundary();
		for (int i = 0; i < 30; i++) {
			create(ada, "note " + i).expectStatus().isCreated();
		}

		create(ada, "one too many").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("rate_limited")
			.jsonPath("$.retry_after")
			.isNumber();
		assertThat(notesOf(301)).isEqualTo(30);
		ApiUser bob = newUser(302);
		create(bob, "others write on").expectStatus().isCreated();
	}

	@Test
	void refusesANoteOverTheStoredNotesQuotaWith422() {
		ApiUser ada = newUser(303);
		create(ada, "the first").expectStatus().isCreated();
		this.jdbc.sql("UPDATE note_usage SET notes = 100000 WHERE user_id = 303").update();

		create(ada, "the 100,001st").expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("notes_quota_exceeded")
			.jsonPath("$.max_notes")
			.isEqualTo(100000);
		assertThat(notesOf(303)).isEqualTo(1);
	}

	@Test
	void refusesANoteThatWouldPassTheStoredBytesQuota() {
		ApiUser ada = newUser(304);
		create(ada, "x").expectStatus().isCreated();
		this.jdbc.sql("UPDATE note_usage SET bytes = 100 * 1024 * 1024 - 3 WHERE user_id = 304").update();

		create(ada, "abc").expectStatus().isCreated();
		create(ada, "d").expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(notesOf(304)).isEqualTo(2);
	}

	@Test
	void deletingFreesTheQuotaAgain() {
		ApiUser ada = newUser(305);
		create(ada, "keep").expectStatus().isCreated();
		long id = ((Number) this.jdbc.sql("SELECT id FROM note WHERE user_id = 305").query(Long.class).single())
			.longValue();

		this.http.delete()
			.uri("/api/telegram/notes/" + id)
			.header("X-Session-Token", ada.token())
			.header("Authorization", "tma " + ada.initData())
			.exchange()
			.expectStatus()
			.isNoContent();

		assertThat(this.jdbc.sql("SELECT notes || '/' || bytes FROM note_usage WHERE user_id = 305")
			.query(String.class)
			.single()).isEqualTo("0/0");
	}

	private ResponseSpec create(ApiUser user, String text) {
		return this.http.post()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", user.token())
			.header("Authorization", "tma " + user.initData())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"" + text + "\"}")
			.exchange();
	}

	private long notesOf(long userId) {
		return this.jdbc.sql("SELECT count(*) FROM note WHERE user_id = ?").param(userId).query(Long.class).single();
	}

}
