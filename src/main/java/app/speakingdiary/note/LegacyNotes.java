package app.speakingdiary.note;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Notes brought over from the earlier deployment, keyed by their old id so that importing
 * again adds nothing. The text is checked as the API checks it.
 */
@Repository
public class LegacyNotes {

	private final JdbcClient jdbc;

	private final NoteTags tags;

	LegacyNotes(JdbcClient jdbc, NoteTags tags) {
		this.tags = tags;
		this.jdbc = jdbc;
	}

	/**
	 * True when the note was added; false when it is there already. Run it in a
	 * transaction.
	 */
	public boolean add(long userId, String text, Instant written, String legacyId, int maxLength) {
		NoteText.check(text, maxLength);
		return this.tags.keepIfWritten(this.jdbc.sql("""
				INSERT INTO note (user_id, text, created_at, entry_date, legacy_id)
				VALUES (:userId, :text, :created, :created, :legacyId)
				ON CONFLICT (user_id, legacy_id) WHERE legacy_id IS NOT NULL DO NOTHING RETURNING id""")
			.param("userId", userId)
			.param("text", text)
			.param("created", Timestamp.from(written))
			.param("legacyId", legacyId)
			.query(Long.class)
			.optional(), userId, text);
	}

}
