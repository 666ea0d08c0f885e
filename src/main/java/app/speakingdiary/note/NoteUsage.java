package app.speakingdiary.note;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each user keeps (note_usage), written only by the database's trigger on note and
 * read here to hold the quota.
 */
@Repository
class NoteUsage {

	private final JdbcClient jdbc;

	NoteUsage(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A user's notes and the UTF-8 bytes of their text, locked until the transaction ends
	 * so that concurrent writes are counted in turn.
	 */
	Usage lock(long userId) {
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
