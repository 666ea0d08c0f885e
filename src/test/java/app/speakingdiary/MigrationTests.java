package app.speakingdiary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.dao.DataIntegrityViolationException;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the top-level db/migration folder the way a DBA's Flyway CLI does (a filesystem
 * location) on an empty database of its own, and pins down the invariants the schema must
 * carry.
 */
class MigrationTests extends IntegrationTest {

	private static final Path MIGRATIONS = Path.of("db/migration");

	@Autowired
	private JdbcConnectionDetails database;

	private String databaseName;

	private JdbcClient fresh;

	private Flyway flyway;

	@BeforeEach
	void createEmptyDatabase() {
		this.databaseName = "migration_" + UUID.randomUUID().toString().replace("-", "");
		this.jdbc.sql("CREATE DATABASE " + this.databaseName).update();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(urlOf(this.databaseName), user(), password());
		this.fresh = JdbcClient.create(dataSource);
		this.flyway = Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:" + MIGRATIONS)
			.cleanDisabled(true)
			.load();
	}

	@AfterEach
	void dropDatabase() {
		this.jdbc.sql("DROP DATABASE IF EXISTS " + this.databaseName + " WITH (FORCE)").update();
	}

	@Test
	void migratesAnEmptyDatabaseToTheExpectedTables() {
		MigrateResult result = this.flyway.migrate();

		assertThat(result.success).isTrue();
		assertThat(result.migrationsExecuted).isEqualTo(migrationFiles().size());
		assertThat(this.fresh.sql("""
				SELECT table_name FROM information_schema.tables
				WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' ORDER BY table_name""")
			.query(String.class)
			.list()).containsExactly("bot_outbox", "bot_outbox_chat", "idempotency_key", "media", "media_chunk", "note",
					"note_tag", "note_usage", "processed_update", "rate_limit", "scheduled_tasks", "telegram_user",
					"user_session");
	}

	@Test
	void keepsEveryTimeAsTimestampWithTimeZone() {
		this.flyway.migrate();

		assertThat(this.fresh
			.sql("""
					SELECT table_name || '.' || column_name FROM information_schema.columns
					WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
					  AND (column_name LIKE '%\\_at' OR column_name = 'last_seen') AND data_type <> 'timestamp with time zone'""")
			.query(String.class)
			.list()).isEmpty();
		assertThat(columnType("telegram_user", "id")).isEqualTo("bigint");
		assertThat(columnType("note", "user_id")).isEqualTo("bigint");
		assertThat(columnType("bot_outbox", "chat_id")).isEqualTo("bigint");
		assertThat(columnType("processed_update", "update_id")).isEqualTo("bigint");
	}

	@Test
	void createsTheIndexesTheQueriesUse() {
		this.flyway.migrate();

		assertThat(this.fresh.sql("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
			.query(String.class)
			.list()).contains("user_session_token_sha256_key", "user_session_user_id_idx", "note_user_entry_date_idx",
					"processed_update_processed_at_idx", "bot_outbox_chat_idx", "bot_outbox_open_chat_idx",
					"bot_outbox_waiting_coalesce_key", "bot_outbox_finished_idx", "bot_outbox_chat_due_at_idx",
					"note_user_id_legacy_id_key", "rate_limit_window_start_idx", "media_user_id_idx",
					"bot_outbox_subject_idx", "execution_time_idx", "last_heartbeat_idx", "note_tag_user_tag_note_idx");
	}

	@Test
	void migratingAgainChangesNothing() {
		this.flyway.migrate();
		String before = schemaFingerprint();

		MigrateResult again = this.flyway.migrate();

		assertThat(again.migrationsExecuted).isZero();
		assertThat(schemaFingerprint()).isEqualTo(before);
		this.flyway.validate();
	}

	@Test
	void refusesNotesThatBreakTheInvariants() {
		this.flyway.migrate();
		this.fresh.sql("INSERT INTO telegram_user (id) VALUES (7)").update();

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.fresh.sql("INSERT INTO note (user_id, text) VALUES (7, ' \n ')").update());
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
				() -> this.fresh.sql("INSERT INTO note (user_id, text) VALUES (7, repeat('x', 16385))").update());
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.fresh.sql("INSERT INTO note (user_id, text) VALUES (8, 'nobody')").update());
	}

	@Test
	void keepsEachUsersNoteCountAndBytesWhoeverWrites() {
		this.flyway.migrate();
		this.fresh.sql("INSERT INTO telegram_user (id) VALUES (7), (8)").update();
		this.fresh.sql("INSERT INTO note (user_id, text) VALUES (7, 'abc'), (7, 'дневник'), (8, 'x')").update();
		this.fresh.sql("UPDATE note SET text = 'abcdef' WHERE text = 'abc'").update();
		this.fresh.sql("DELETE FROM note WHERE user_id = 8").update();

		assertThat(this.fresh.sql("SELECT user_id || ':' || notes || ':' || bytes FROM note_usage ORDER BY user_id")
			.query(String.class)
			.list()).containsExactly("7:2:20", "8:0:0");
	}

	@Test
	void givesUndeliveredStartRepliesASendTimeSessionInsteadOfTheirStoredToken() {
		this.flyway = Flyway.configure().configuration(this.flyway.getConfiguration()).target("3").load();
		this.flyway.migrate();
		this.fresh.sql("INSERT INTO telegram_user (id) VALUES (42)").update();
		this.fresh
			.sql("""
					INSERT INTO bot_outbox (chat_id, method, payload, status, sent_at) VALUES
					  (42, 'sendMessage', '{"chat_id":42,"url":"https://d.example/?session=Abc_def-123&v=1"}', 'PENDING', NULL),
					  (45, 'sendMessage', '{"chat_id":45,"url":"https://d.example/?session=Forged_00042&v=1"}', 'PENDING', NULL),
					  (43, 'sendMessage', '{"chat_id":43,"text":"help"}', 'PENDING', NULL),
					  (44, 'sendMessage', '{"chat_id":44,"url":"https://d.example/?session=redacted&v=1"}', 'SENT', now())""")
			.update();

		Flyway.configure().configuration(this.flyway.getConfiguration()).target("latest").load().migrate();

		assertThat(this.fresh.sql("""
				SELECT chat_id || ' ' || coalesce(session_for_user::text, '-') || ' ' || (payload->>'url')
				FROM bot_outbox WHERE payload->>'url' IS NOT NULL ORDER BY chat_id""").query(String.class).list())
			.containsExactly("42 42 https://d.example/?session=SESSION_TOKEN_AT_SEND&v=1",
					"44 - https://d.example/?session=redacted&v=1", "45 - https://d.example/?session=redacted&v=1");
		assertThat(this.fresh.sql("SELECT status FROM bot_outbox WHERE chat_id = 45").query(String.class).single())
			.isEqualTo("FAILED");
		assertThat(this.fresh.sql("SELECT chat_id FROM bot_outbox_chat ORDER BY chat_id").query(Long.class).list())
			.containsExactly(42L, 43L);
	}

	@Test
	void datesEveryNoteWrittenBeforeV11WhenItWasWritten() {
		this.flyway = Flyway.configure().configuration(this.flyway.getConfiguration()).target("10").load();
		this.flyway.migrate();
		this.fresh.sql("INSERT INTO telegram_user (id) VALUES (42)").update();
		this.fresh.sql("""
				INSERT INTO note (user_id, text, created_at) VALUES
				  (42, 'old', '2019-03-08 10:00:00.123456+00'), (42, 'new', '2026-11-30 21:00:00+00'),
				  (42, 'zero time', '0001-01-01 00:00:00+00')""").update();

		Flyway.configure().configuration(this.flyway.getConfiguration()).target("latest").load().migrate();

		assertThat(this.fresh.sql("SELECT text FROM note WHERE entry_date = created_at ORDER BY entry_date")
			.query(String.class)
			.list()).containsExactly("old", "new");
		assertThat(this.fresh.sql("SELECT entry_date = '1900-01-01 00:00:00+00' FROM note WHERE text = 'zero time'")
			.query(Boolean.class)
			.single()).as("the earliest an entry may be dated").isTrue();
		assertThat(
				this.fresh.sql("SELECT count(*) FROM telegram_user WHERE time_zone IS NULL").query(Long.class).single())
			.isEqualTo(1);
	}

	@Test
	void storesSessionTokensOnlyAsUniqueDigests() {
		this.flyway.migrate();
		this.fresh.sql("INSERT INTO telegram_user (id) VALUES (7)").update();
		this.fresh.sql("INSERT INTO user_session (token_sha256, user_id) VALUES (sha256('a'), 7)").update();

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.fresh.sql("INSERT INTO user_session (token_sha256, user_id) VALUES (sha256('a'), 7)")
				.update());
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
				() -> this.fresh.sql("INSERT INTO user_session (token_sha256, user_id) VALUES ('\\x00'::bytea, 7)")
					.update());
	}

	@Test
	void namesEveryMigrationAsTheFlywayCliExpectsAndShipsTheSameFilesInTheJar() throws IOException {
		List<Path> files = migrationFiles();

		assertThat(files).isNotEmpty();
		for (Path file : files) {
			assertThat(file.getFileName().toString()).matches("V[1-9][0-9]*__[a-z0-9_]+\\.sql");
			ClassPathResource packaged = new ClassPathResource("db/migration/" + file.getFileName());
			assertThat(packaged.exists()).as("%s on the classpath", file).isTrue();
			assertThat(packaged.getContentAsByteArray()).isEqualTo(Files.readAllBytes(file));
		}
	}

	private String columnType(String table, String column) {
		return this.fresh.sql("""
				SELECT data_type FROM information_schema.columns
				WHERE table_schema = 'public' AND table_name = ? AND column_name = ?""")
			.params(table, column)
			.query(String.class)
			.single();
	}

	private String schemaFingerprint() {
		return String.join("\n", this.fresh.sql("""
				SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
				FROM information_schema.columns WHERE table_schema = 'public'
				UNION ALL SELECT conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint
				WHERE connamespace = 'public'::regnamespace
				UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
				UNION ALL SELECT 'rows:' || count(*) FROM flyway_schema_history
				ORDER BY 1""").query(String.class).list());
	}

	private static List<Path> migrationFiles() {
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			return files.filter((file) -> file.toString().endsWith(".sql")).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String urlOf(String database) {
		return this.database.getJdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
	}

	private String user() {
		return this.database.getUsername();
	}

	private String password() {
		return this.database.getPassword();
	}

}
