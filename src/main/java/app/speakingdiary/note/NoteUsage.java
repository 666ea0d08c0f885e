package app.speakingdiary.note;

import java.nio.charset.StandardCharsets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.speakingdiary.config.DiaryProperties;

/**
 * What each user keeps (note_usage), written only by the database's trigger on note and
 * read here to hold the quota.
 */
@Repository
class NoteUsage {

	private final JdbcClient jdbc;

	private final DiaryProperties.Notes limits;

	NoteUsage(JdbcClient jdbc, DiaryProperties properties) {
		this.jdbc = jdbc;
		this.limits = properties.notes();
	}

	/**
	 * Whether the user may keep one more note of this text. Locks their usage until the
	 * transaction ends, so that concurrent writes are counted in turn: call it in the
	 * transaction that writes.
	 */
	boolean hasRoomFor(long userId, String text) {
		Usage kept = lock(userId);
		long bytes = text.getBytes(StandardCharsets.UTF_8).length;
		return kept.notes() + 1 <= this.limits.maxPerUser()
				&& kept.bytes() + bytes <= this.limits.maxBytesPerUser().toBytes();
	}

	/**
	 * Whether replacing a note's text of {@code oldBytes} with {@code text} keeps the
	 * user within what they may keep; locks the user's usage first, as a create does, so
	 * that the note's own row is always locked after it.
	 */
	boolean hasRoomToReplace(long userId, long oldBytes, String text) {
		Usage kept = lock(userId);
		long bytes = text.getBytes(StandardCharsets.UTF_8).length;
		return bytes <= oldBytes || kept.bytes() - oldBytes + bytes <= this.limits.maxBytesPerUser().toBytes();
	}

	/**
	 * A user's notes and the UTF-8 bytes of their text, locked until the transaction ends
	 * so that concurrent writes are counted in turn.
	 */
	private Usage lock(long userId) {
		return this.jdbc.sql("""
				INSERT INTO note_usage (user_id) VALUES (:userId)
				ON CONFLICT (user_id) DO UPDATE SET notes = note_usage.notes RETURNING notes, bytes""")
			.param("userId", userId)
			.query((rs, row) -> new Usage(rs.getLong("notes"), rs.getLong("bytes")))
			.single();
	}

	record Usage(long notes, long bytes) {
	}

}
