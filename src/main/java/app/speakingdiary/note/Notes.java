package app.speakingdiary.note;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;

/**
 * Writes a user's notes from the API within their limits (writes per minute and what they
 * may keep), both checked in the transaction that writes, so that a refused write leaves
 * nothing behind and replicas sharing the database agree. Pages are read by
 * {@link NotePages}, chat entries written by {@link ChatEntries}.
 */
@Service
class Notes {

	private final NoteRepository notes;

	private final NoteUsage usage;

	private final NotePages pages;

	private final IdempotencyKeys keys;

	private final NoteTags tags;

	private final JsonMapper json;

	private final JdbcClient jdbc;

	private final RateLimits rateLimits;

	private final DiaryProperties.Notes limits;

	private final Clock clock;

	Notes(NoteRepository notes, NoteUsage usage, RateLimits rateLimits, NotePages pages, JdbcClient jdbc,
			IdempotencyKeys keys, NoteTags tags, JsonMapper json, DiaryProperties properties, Clock clock) {
		this.tags = tags;
		this.keys = keys;
		this.json = json;
		this.pages = pages;
		this.jdbc = jdbc;
		this.notes = notes;
		this.usage = usage;
		this.rateLimits = rateLimits;
		this.limits = properties.notes();
		this.clock = clock;
	}

	/** A created note, or the first answer to a retried request. */
	sealed interface Created {

		record Fresh(NotesController.NoteBody note) implements Created {
		}

		record Replayed(IdempotencyKeys.Replay first) implements Created {
		}

	}

	/**
	 * Creates a note; with {@code idempotencyKey}, a retry of the same request gets the
	 * first answer instead (before any limit is counted again).
	 */
	@Transactional
	public Created create(long userId, String text, @Nullable JsonNode date, @Nullable String idempotencyKey) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant entryDate = (date == null || date.isNull()) ? now : EntryDate.parse(date, now);
		if (idempotencyKey != null) {
			// A retry is the same request when its text and date are (a date left out is
			// the
			// same as any other retry that leaves it out).
			String request = (date == null || date.isNull()) ? text : text + "\u0000" + entryDate;
			Optional<IdempotencyKeys.Replay> first = this.keys.claim(userId, idempotencyKey, request);
			if (first.isPresent()) {
				return new Created.Replayed(first.get());
			}
		}
		this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
		if (!this.usage.hasRoomFor(userId, text)) {
			throw new NoteQuotaExceededException(this.limits.maxPerUser(), this.limits.maxBytesPerUser());
		}
		NotesController.NoteBody note = NotesController.NoteBody
			.of(this.notes.save(new Note(null, userId, text, now, entryDate)));
		this.tags.keep(note.id(), userId, text);
		if (idempotencyKey != null) {
			this.keys.answer(userId, idempotencyKey, 201, this.json.writeValueAsString(Map.of("note", note)));
		}
		return new Created.Fresh(note);
	}

	/** What an edit came to. */
	sealed interface Edit {

		/** Changed: the note as it is now. */
		record Changed(NotesController.NoteBody note) implements Edit {
		}

		/** Changed since the version the edit was made from: the note as it is now. */
		record Stale(NotesController.NoteBody current) implements Edit {
		}

		/** The user has no such note. */
		record Missing() implements Edit {
		}

	}

	/**
	 * Replaces the text, the date or both (null: kept) of one of the user's notes if it
	 * is still at {@code version} (null: any version, for {@code If-Match: *}). An entry
	 * with a file may have an empty text (its caption). The version goes up by one.
	 */
	@Transactional
	public Edit edit(long userId, long noteId, @Nullable Long version, @Nullable String newText,
			@Nullable JsonNode newDate) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant date = (newDate == null) ? null : EntryDate.parse(newDate, now);
		this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
		Optional<NotesController.NoteBody> found = this.pages.find(userId, noteId);
		if (found.isEmpty()) {
			return new Edit.Missing();
		}
		if (newText != null) {
			if ("text".equals(found.get().kind())) {
				NoteText.check(newText, this.limits.maxLength());
			}
			else {
				NoteText.checkCaption(newText, this.limits.maxLength());
			}
			long oldBytes = found.get().text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
			if (!this.usage.hasRoomToReplace(userId, oldBytes, newText)) {
				throw new NoteQuotaExceededException(this.limits.maxPerUser(), this.limits.maxBytesPerUser());
			}
		}
		int changed = this.jdbc
			.sql("""
					UPDATE note SET text = coalesce(CAST(:text AS text), text), entry_date = coalesce(CAST(:date AS timestamptz), entry_date), version = version + 1,
					                updated_at = :now
					WHERE id = :id AND user_id = :userId AND (CAST(:version AS bigint) IS NULL OR version = :version)""")
			// A change of the date alone writes no text: an edit made meanwhile in
			// Telegram stays.
			.param("text", newText)
			.param("date", (date != null) ? java.sql.Timestamp.from(date) : null)
			.param("now", java.sql.Timestamp.from(now))
			.param("id", noteId)
			.param("userId", userId)
			.param("version", version)
			.update();
		if (changed == 1 && newText != null) {
			this.tags.keep(noteId, userId, newText);
		}
		NotesController.NoteBody current = this.pages.find(userId, noteId).orElseThrow();
		return (changed == 1) ? new Edit.Changed(current) : new Edit.Stale(current);
	}

	/** One of the user's notes as it is now. */
	Optional<NotesController.NoteBody> current(long userId, long noteId) {
		return this.pages.find(userId, noteId);
	}

	@Transactional
	public boolean delete(long userId, long noteId) {
		this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
		return this.notes.deleteOwned(noteId, userId);
	}

}
