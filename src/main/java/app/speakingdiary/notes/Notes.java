package app.speakingdiary.notes;

import org.jspecify.annotations.Nullable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users' notes and what each user keeps (note_usage, written only by the database's
 * trigger). Every statement is scoped by the owner, so no call can reach another user's
 * note.
 */
@Repository
class Notes {

	private final JdbcClient jdbc;

	Notes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What the user keeps now, locked until the transaction ends so that concurrent
	 * writes are counted in turn.
	 */
	Usage lockUsage(long userId) {
		return this.jdbc.sql("""
				INSERT INTO note_usage (user_id) VALUES (:userId)
				ON CONFLICT (user_id) DO UPDATE SET notes = note_usage.notes RETURNING notes, bytes""")
			.param("userId", userId)
			.query((rs, row) -> new Usage(rs.getLong("notes"), rs.getLong("bytes")))
			.single();
	}

	/**
	 * A user's notes and the UTF-8 bytes of their text, kept by the note_usage trigger.
	 */
	record Usage(long notes, long bytes) {
	}

	Note create(long userId, String text) {
		return this.jdbc.sql("INSERT INTO note (user_id, text) VALUES (:userId, :text) RETURNING id, text, created_at")
			.param("userId", userId)
			.param("text", text)
			.query(Notes::note)
			.single();
	}

	/**
	 * One page of a user's notes, newest first. The owner is matched as a one-value range
	 * and the order names the owner, so that only {@code note_user_id_id_idx} can give
	 * the order. Written as {@code user_id = :userId
	 * ORDER BY id DESC}, the plan PostgreSQL caches for a prepared statement (its generic
	 * plan, taken after five executions) walked the primary key backwards and filtered on
	 * the owner: every note of every user until a page was found, the whole table for a
	 * user with none.
	 */
	static final String PAGE_SQL = """
			SELECT id, text, created_at FROM note
			WHERE user_id >= :userId AND user_id <= :userId AND id < :before
			ORDER BY user_id, id DESC LIMIT :limit""";

	/**
	 * Newest first, older than {@code before} when given; one more than {@code limit}
	 * tells whether more exist.
	 */
	List<Note> page(long userId, @Nullable Long before, int limit) {
		return this.jdbc.sql(PAGE_SQL)
			.param("userId", userId)
			.param("before", (before != null) ? before : Long.MAX_VALUE)
			.param("limit", limit)
			.query(Notes::note)
			.list();
	}

	boolean delete(long userId, long noteId) {
		return this.jdbc.sql("DELETE FROM note WHERE id = :id AND user_id = :userId")
			.param("id", noteId)
			.param("userId", userId)
			.update() == 1;
	}

	private static Note note(ResultSet rs, int row) throws SQLException {
		return new Note(rs.getLong("id"), rs.getString("text"), rs.getTimestamp("created_at").toInstant());
	}

}
