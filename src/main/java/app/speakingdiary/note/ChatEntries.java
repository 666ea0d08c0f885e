package app.speakingdiary.note;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.system.InvalidRequestException;

/**
 * Entries written in the user's private chat with the bot: one per chat message, whatever
 * Telegram redelivers and whichever replica applies it, changed by the message's edits
 * and undone from the chat. Chat entries count against what a user may keep, not against
 * the per-minute write limit: Telegram already paces what a person sends, and a burst of
 * forwarded messages must not lose entries.
 */
@Service
public class ChatEntries {

	/** What became of a chat message. */
	public enum Outcome {

		/** A new entry. */
		SAVED,
		/** The message made an entry before (a redelivery). */
		ALREADY_SAVED,
		/** Over what the user may keep: nothing saved. */
		DIARY_FULL,
		/**
		 * A text the diary cannot keep (too long, or a character PostgreSQL cannot
		 * store).
		 */
		REJECTED

	}

	/** {@code noteId} is the new entry's, with {@link Outcome#SAVED}. */
	public record Capture(Outcome outcome, @Nullable Long noteId) {
	}

	/**
	 * Where a forwarded message came from, as Telegram names it, and when it was sent.
	 */
	public record Forwarded(String from, Instant at) {
	}

	private final JdbcClient jdbc;

	private final NoteUsage usage;

	private final NoteTags tags;

	private final DiaryProperties.Notes limits;

	ChatEntries(JdbcClient jdbc, NoteUsage usage, NoteTags tags, DiaryProperties properties) {
		this.tags = tags;
		this.jdbc = jdbc;
		this.usage = usage;
		this.limits = properties.notes();
	}

	/** Joins the caller's transaction (the update's), so it commits with the update. */
	@Transactional
	public Capture capture(long userId, long messageId, String text, Instant writtenAt, @Nullable Forwarded forwarded) {
		return capture(userId, messageId, "text", text, writtenAt, forwarded);
	}

	/**
	 * An entry of any kind; a voice, audio, video note or photo entry's text is its
	 * caption, which may be empty. Its file is the media feature's to attach.
	 */
	@Transactional
	public Capture capture(long userId, long messageId, String kind, String text, Instant writtenAt,
			@Nullable Forwarded forwarded) {
		if (!acceptable(kind, text)) {
			return new Capture(Outcome.REJECTED, null);
		}
		if (!this.usage.hasRoomFor(userId, text)) {
			return new Capture(Outcome.DIARY_FULL, null);
		}
		Optional<Long> id = this.jdbc.sql("""
				INSERT INTO note (user_id, text, created_at, entry_date, source, kind, chat_message_id, forwarded_from,
				                  forwarded_at)
				VALUES (:userId, :text, :createdAt, :createdAt, 'chat', :kind, :messageId, :forwardedFrom, :forwardedAt)
				ON CONFLICT (user_id, chat_message_id) WHERE chat_message_id IS NOT NULL DO NOTHING
				RETURNING id""")
			.param("userId", userId)
			.param("text", text)
			.param("kind", kind)
			.param("createdAt", Timestamp.from(writtenAt))
			.param("messageId", messageId)
			.param("forwardedFrom", (forwarded != null) ? forwarded.from() : null)
			.param("forwardedAt", (forwarded != null) ? Timestamp.from(forwarded.at()) : null)
			.query(Long.class)
			.optional();
		id.ifPresent((noteId) -> this.tags.keep(noteId, userId, text));
		return id.map((noteId) -> new Capture(Outcome.SAVED, noteId))
			.orElseGet(() -> new Capture(Outcome.ALREADY_SAVED, null));
	}

	/**
	 * The message was edited in Telegram: its entry takes the new text and keeps its id
	 * and date. False when the message made no entry (or it was undone), or the new text
	 * cannot be kept.
	 */
	@Transactional
	public boolean edit(long userId, long messageId, String text) {
		if (!acceptable("caption", text)) {
			// Whether the entry is a text one is checked by the update below.
			return false;
		}
		// A text entry keeps some text; a caption may be removed.
		return this.tags.keepIfWritten(this.jdbc.sql("""
				UPDATE note SET text = :text, edited_at = now(), updated_at = now(), version = version + 1
				WHERE user_id = :userId AND chat_message_id = :messageId AND source = 'chat'
				  AND (kind <> 'text' OR btrim(:text, E' \t\r\n') <> '')
				RETURNING id""")
			.param("text", text)
			.param("userId", userId)
			.param("messageId", messageId)
			.query(Long.class)
			.optional(), userId, text);
	}

	/** Undoes a chat entry of this user; false when there is none (any more). */
	@Transactional
	public boolean undo(long userId, long noteId) {
		return this.jdbc.sql("DELETE FROM note WHERE id = :id AND user_id = :userId AND source = 'chat'")
			.param("id", noteId)
			.param("userId", userId)
			.update() == 1;
	}

	private boolean acceptable(String kind, String text) {
		try {
			if ("text".equals(kind)) {
				NoteText.check(text, this.limits.maxLength());
			}
			else {
				NoteText.checkCaption(text, this.limits.maxLength());
			}
			return true;
		}
		catch (InvalidRequestException ex) {
			return false;
		}
	}

}
