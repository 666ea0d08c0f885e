package app.speakingdiary.legacy;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.auth.SessionTokens;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.legacy.LegacyRecords.BadRecordException;
import app.speakingdiary.system.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/**
 * Imports the Flask deployment's data. Each user is one transaction; what exists already is left alone, so a
 * second run changes nothing. Old session tokens keep working: they are stored as digests like new ones, and their
 * session starts at the import (its last use and the start of its absolute lifetime), so they do not expire at once. A bad user or note is reported with its key and skipped.
 */
@Service
public class LegacyImport {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final int maxLength;

	LegacyImport(JdbcClient jdbc, TransactionTemplate transactions, DiaryProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.maxLength = properties.notes().maxLength();
	}

	public record Summary(int users, int newUsers, int newSessions, int newNotes, int existingNotes,
			int badUsers, int badNotes) {
	}

	public Summary run(JsonNode file, boolean dryRun, PrintStream out) {
		if (file == null || !file.isObject()) {
			throw new InvalidRequestException("The file must hold one JSON object keyed by Telegram user id.");
		}
		int[] counts = new int[7];
		for (Map.Entry<String, JsonNode> entry : file.properties()) {
			counts[0]++;
			try {
				this.transactions.executeWithoutResult((status) -> {
					importUser(entry.getKey(), entry.getValue(), counts, out);
					if (dryRun) {
						status.setRollbackOnly();
					}
				});
			}
			catch (BadRecordException ex) {
				counts[5]++;
				out.println("skipped user '" + printable(entry.getKey()) + "': " + ex.getMessage());
			}
		}
		Summary summary = new Summary(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
		out.printf("%s%d users read: %d new, %d bad and skipped; %d sessions added; %d notes added, %d already there, "
				+ "%d bad and skipped%n", dryRun ? "Dry run, nothing written. " : "", summary.users(), summary.newUsers(),
				summary.badUsers(), summary.newSessions(), summary.newNotes(), summary.existingNotes(), summary.badNotes());
		return summary;
	}

	private void importUser(String key, JsonNode user, int[] counts, PrintStream out) {
		long userId = LegacyRecords.userId(key);
		if (user == null || !user.isObject()) {
			throw new BadRecordException("the value is not an object");
		}
		String token = LegacyRecords.sessionToken(user);
		Instant created = LegacyRecords.time(user, "created_at", Instant.now());
		LegacyRecords.time(user, "last_seen", created);
		JsonNode notes = user.get("notes");
		if (notes != null && !notes.isNull() && !notes.isArray()) {
			throw new BadRecordException("notes is not a list");
		}
		counts[1] += this.jdbc.sql("""
				INSERT INTO telegram_user (id, created_at, updated_at) VALUES (:id, :created, :created)
				ON CONFLICT (id) DO NOTHING""").param("id", userId).param("created", Timestamp.from(created)).update();
		counts[2] += this.jdbc.sql("""
				INSERT INTO user_session (token_sha256, user_id) VALUES (:digest, :userId)
				ON CONFLICT (token_sha256) DO NOTHING""")
			.param("digest", SessionTokens.digest(token))
			.param("userId", userId)
			.update();
		if (notes == null || notes.isNull()) {
			return;
		}
		for (JsonNode note : notes) {
			importNote(key, userId, note, counts, out);
		}
	}

	private void importNote(String userKey, long userId, JsonNode note, int[] counts, PrintStream out) {
		String noteKey = (note != null && note.has("id")) ? note.get("id").asString("?") : "?";
		try {
			if (note == null || !note.isObject() || note.get("text") == null || !note.get("text").isString()) {
				throw new BadRecordException("no text");
			}
			String text = note.get("text").asString();
			if (text.strip().isEmpty() || text.indexOf('\u0000') >= 0
					|| text.codePointCount(0, text.length()) > this.maxLength) {
				throw new BadRecordException("the text is empty, too long or holds a NUL character");
			}
			Instant timestamp = LegacyRecords.time(note, "timestamp", null);
			if (timestamp == null) {
				throw new BadRecordException("no timestamp");
			}
			int added = this.jdbc.sql("""
					INSERT INTO note (user_id, text, created_at, legacy_id) VALUES (:userId, :text, :created, :legacyId)
					ON CONFLICT (user_id, legacy_id) WHERE legacy_id IS NOT NULL DO NOTHING""")
				.param("userId", userId)
				.param("text", text)
				.param("created", Timestamp.from(timestamp))
				.param("legacyId", LegacyRecords.noteKey(note, timestamp, text))
				.update();
			counts[added == 1 ? 3 : 4]++;
		}
		catch (BadRecordException ex) {
			counts[6]++;
			out.println("skipped note '" + printable(userKey) + "/" + printable(noteKey) + "': " + ex.getMessage());
		}
	}

	private static String printable(String key) {
		String shown = key.replaceAll("\\p{Cntrl}", "?");
		return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
	}

}
