package app.speakingdiary.legacy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.speakingdiary.legacy.LegacyImport.Summary;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.system.InvalidRequestException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LegacyImportIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String WELL_FORMED = """
			{
			  "279058397": {"session_token": "Zx3_legacy-token-of-vladislav-0123456789abc", "created_at": "2025-03-01T10:00:00",
			                "last_seen": 1740823200,
			                "notes": [{"id": 1, "text": "Первая запись 🙂", "timestamp": "2025-03-01T10:05:00+03:00"},
			                          {"id": 2, "text": "second\\nline", "timestamp": 1740824000.5}]},
			  "42": {"session_token": "f4c1c8d2-6a51-4b7e-9a3e-2b1f0e9d8c7a", "created_at": 1700000000, "last_seen": "1700000100",
			         "notes": []},
			  "7": {"session_token": "tok7", "created_at": "2024-01-01T00:00:00Z", "last_seen": "2024-01-02T00:00:00Z"}
			}""";

	@Autowired
	private LegacyImport legacyImport;

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	@Test
	void importsUsersSessionsAndNotesWithTheirTimes() {
		Summary summary = run(WELL_FORMED, false);

		assertThat(summary).isEqualTo(new Summary(3, 3, 3, 2, 0, 0, 0));
		assertThat(this.jdbc.sql(
				"SELECT text || ' @ ' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM note ORDER BY created_at")
			.query(String.class)
			.list())
			.containsExactly("Первая запись 🙂 @ 2025-03-01 07:05:00.000", "second\nline @ 2025-03-01 10:13:20.500");
		assertThat(output()).contains("3 users read: 3 new, 0 bad and skipped; 3 sessions added; 2 notes added");
	}

	@Test
	void changesNothingWhenRunAgain() {
		run(WELL_FORMED, false);
		String before = snapshot();

		Summary again = run(WELL_FORMED, false);

		assertThat(again).isEqualTo(new Summary(3, 0, 0, 0, 2, 0, 0));
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void keepsOldSessionTokensWorking() {
		run(WELL_FORMED, false);
		String initData = new InitDataSigner(BOT_TOKEN).forUser(279058397L, "Vladislav", "ru",
				Instant.now().getEpochSecond());

		this.http.get()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", "Zx3_legacy-token-of-vladislav-0123456789abc")
			.header("Authorization", "tma " + initData)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.notes.length()")
			.isEqualTo(2)
			.jsonPath("$.notes[0].text")
			.isEqualTo("second\nline");
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session WHERE token_sha256 = sha256('tok7'::bytea)")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void reportsBadRecordsByKeyAndImportsTheRest() {
		String partlyBroken = """
				{
				  "abc": {"session_token": "t1"},
				  "-5": {"session_token": "t2"},
				  "100": {"created_at": "2025-01-01T00:00:00Z"},
				  "101": {"session_token": "t4", "created_at": "yesterday"},
				  "102": {"session_token": "t5", "notes": {"id": 1}},
				  "103": "not an object",
				  "104": {"session_token": "has space"},
				  "200": {"session_token": "good-one", "notes": [
				      {"id": "a", "text": "kept", "timestamp": 1700000000},
				      {"id": "b", "text": "   ", "timestamp": 1700000000},
				      {"id": "c", "text": "no time"},
				      {"id": "d", "text": "bad time", "timestamp": "soon"},
				      {"id": "e", "text": "nul \\u0000", "timestamp": 1700000000},
				      {"id": "f", "text": 12, "timestamp": 1700000000},
				      {"id": "g", "text": "zero time", "timestamp": "0001-01-01T00:00:00Z"}]}
				}""";

		Summary summary = run(partlyBroken, false);

		assertThat(summary).isEqualTo(new Summary(8, 1, 1, 1, 0, 7, 6));
		assertThat(output()).contains("skipped user 'abc': the key is not a Telegram user id")
			.contains("skipped user '100': no session_token")
			.contains("skipped user '101': created_at is not an ISO-8601 time or Unix seconds")
			.contains("skipped user '102': notes is not a list")
			.contains("skipped user '103': the value is not an object")
			.contains("skipped note '200/b'")
			.contains("skipped note '200/d': timestamp is not an ISO-8601 time or Unix seconds")
			.contains("skipped note '200/g': timestamp is out of range (1900-3000)");
		assertThat(this.jdbc.sql("SELECT text FROM note").query(String.class).list()).containsExactly("kept");
	}

	@Test
	void writesNothingInADryRun() {
		Summary summary = run(WELL_FORMED, true);

		assertThat(summary.newUsers()).isEqualTo(3);
		assertThat(summary.newNotes()).isEqualTo(2);
		assertThat(output()).startsWith("Dry run, nothing written.");
		assertThat(snapshot()).isEqualTo("0/0/0");
	}

	@Test
	void acceptsAnEmptyFileAndRefusesOneThatIsNotAnObject() {
		assertThat(run("{}", false)).isEqualTo(new Summary(0, 0, 0, 0, 0, 0, 0));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> run("[]", false));
	}

	@Test
	void importsTenThousandUsers() {
		ObjectNode file = JSON.createObjectNode();
		for (int i = 1; i <= 10_000; i++) {
			ObjectNode user = file.putObject(String.valueOf(5_000_000 + i));
			user.put("session_token", "large-" + i).put("created_at", 1700000000 + i).put("last_seen", 1700000100 + i);
			user.putArray("notes")
				.addObject()
				.put("id", 1)
				.put("text", "note of " + i)
				.put("timestamp", 1700000050 + i);
		}

		Summary summary = run(file.toString(), false);

		assertThat(summary).isEqualTo(new Summary(10_000, 10_000, 10_000, 10_000, 0, 0, 0));
		assertThat(snapshot()).isEqualTo("10000/10000/10000");
	}

	private Summary run(String file, boolean dryRun) {
		return this.legacyImport.run(JSON.readTree(file), dryRun,
				new PrintStream(this.printed, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

	private String snapshot() {
		return this.jdbc.sql("""
				SELECT (SELECT count(*) FROM telegram_user) || '/' || (SELECT count(*) FROM user_session) || '/'
				    || (SELECT count(*) FROM note)""").query(String.class).single();
	}

}
