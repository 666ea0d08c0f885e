package app.speakingdiary.legacy;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.note.LegacyNotes;
import app.speakingdiary.legacy.LegacyRecords.BadRecordException;
import app.speakingdiary.system.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/**
 * Imports the Flask deployment's data, through the owners of its tables (users, sessions,
 * notes). Each user is one transaction; what exists already is left alone, so a second
 * run changes nothing. Old session tokens keep working: they are stored as digests like
 * new ones, and their session starts at the import (its last use and the start of its
 * absolute lifetime), so they do not expire at once. A bad user or note is reported with
 * its key and skipped.
 */
@Service
public class LegacyImport {

	private final TelegramUsers users;

	private final Sessions sessions;

	private final LegacyNotes notes;

	private final TransactionTemplate transactions;

	private final int maxLength;

	LegacyImport(TelegramUsers users, Sessions sessions, LegacyNotes notes, TransactionTemplate transactions,
			DiaryProperties properties) {
		this.users = users;
		this.sessions = sessions;
		this.notes = notes;
		this.transactions = transactions;
		this.maxLength = properties.notes().maxLength();
	}

	public record Summary(int users, int newUsers, int newSessions, int newNotes, int existingNotes, int badUsers,
			int badNotes) {
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
		out.printf(
				"%s%d users read: %d new, %d bad and skipped; %d sessions added; %d notes added, %d already there, "
						+ "%d bad and skipped%n",
				dryRun ? "Dry run, nothing written. " : "", summary.users(), summary.newUsers(), summary.badUsers(),
				summary.newSessions(), summary.newNotes(), summary.existingNotes(), summary.badNotes());
		return summary;
	}

	private void importUser(String key, JsonNode user, int[] counts, PrintStream out) {
		long userId = LegacyRecords.userId(key);
		if (user == null || !user.isObject()) {
			throw new BadRecordException("the value is not an object");
		}
		String token = LegacyRecords.sessionToken(user);
		Instant created = java.util.Objects.requireNonNullElseGet(LegacyRecords.time(user, "created_at", null),
				Instant::now);
		LegacyRecords.time(user, "last_seen", created);
		JsonNode notes = user.get("notes");
		if (notes != null && !notes.isNull() && !notes.isArray()) {
			throw new BadRecordException("notes is not a list");
		}
		counts[1] += this.users.addIfMissing(userId, created) ? 1 : 0;
		counts[2] += this.sessions.adopt(token, userId) ? 1 : 0;
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
			Instant timestamp = LegacyRecords.time(note, "timestamp", null);
			if (timestamp == null) {
				throw new BadRecordException("no timestamp");
			}
			boolean added = this.notes.add(userId, text, timestamp, LegacyRecords.noteKey(note, timestamp, text),
					this.maxLength);
			counts[added ? 3 : 4]++;
		}
		catch (InvalidRequestException ex) {
			counts[6]++;
			out.println("skipped note '" + printable(userKey) + "/" + printable(noteKey) + "': " + ex.detail());
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
