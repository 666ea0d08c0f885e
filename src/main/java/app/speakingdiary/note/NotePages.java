package app.speakingdiary.note;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import app.speakingdiary.media.MediaLibrary;
import app.speakingdiary.media.MediaView;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Pages of one user's notes, read straight into what the API shows: the list is the
 * busiest call, and mapping its rows through the aggregate cost a third of its throughput
 * at 64 connections (docs/benchmarks.md, issue 14).
 */
@Repository
class NotePages {

	/** What the API shows of a note, as the columns of {@code note n}. */
	static final String COLUMNS = """
			n.id, n.version, n.text, n.entry_date, n.created_at, n.updated_at, n.source, n.kind, n.forwarded_from,
			n.forwarded_at, n.transcript_status, n.transcript""";

	/**
	 * One page of a user's notes, newest first by date, after a cursor. Only
	 * {@code note_user_entry_date_idx} gives this order, so even the plan PostgreSQL
	 * caches for the prepared statement (its generic plan, taken after five executions)
	 * reads the owner's index entries from the cursor on and stops at the page's end.
	 */
	static final String PAGE_SQL = """
			SELECT %s
			FROM note n
			WHERE n.user_id = :userId AND (n.entry_date, n.id) < (:date, :id) AND n.entry_date >= :from
			ORDER BY n.entry_date DESC, n.id DESC LIMIT :limit""".formatted(COLUMNS);

	private final JdbcClient jdbc;

	private final MediaLibrary media;

	NotePages(JdbcClient jdbc, MediaLibrary media) {
		this.jdbc = jdbc;
		this.media = media;
	}

	/**
	 * Newest first by date, after the cursor and not before {@code from}; one more than
	 * {@code limit} tells whether more exist. A page with files reads their rows too, in
	 * one more query.
	 */
	List<NotesController.NoteBody> page(long userId, NoteCursor after, Instant from, int limit) {
		return withFiles(userId,
				this.jdbc.sql(PAGE_SQL)
					.param("userId", userId)
					.param("date", Timestamp.from(after.date()))
					.param("id", after.id())
					.param("from", Timestamp.from(from))
					.param("limit", limit)
					.query(NotePages::note)
					.list());
	}

	/** Newest first by date, the user's notes with this tag, after the cursor. */
	List<NotesController.NoteBody> tagged(long userId, String tag, NoteCursor after, Instant from, int limit) {
		return withFiles(userId,
				this.jdbc.sql("""
						SELECT %s
						FROM note_tag t JOIN note n ON n.id = t.note_id
						WHERE t.user_id = :userId AND t.tag = :tag AND (n.entry_date, n.id) < (:date, :id)
						      AND n.entry_date >= :from
						ORDER BY n.entry_date DESC, n.id DESC LIMIT :limit""".formatted(COLUMNS))
					.param("userId", userId)
					.param("tag", tag)
					.param("from", Timestamp.from(from))
					.param("date", Timestamp.from(after.date()))
					.param("id", after.id())
					.param("limit", limit)
					.query(NotePages::note)
					.list());
	}

	/**
	 * Rows of {@link #COLUMNS} read by another query of this feature, with their files.
	 */
	List<NotesController.NoteBody> query(long userId, JdbcClient.StatementSpec statement) {
		return withFiles(userId, statement.query(NotePages::note).list());
	}

	/** One of the user's notes as the API shows it. */
	Optional<NotesController.NoteBody> find(long userId, long noteId) {
		return find(userId, List.of(noteId)).stream().findFirst();
	}

	/** These of the user's notes, in one query, by id (others' ids are left out). */
	List<NotesController.NoteBody> find(long userId, List<Long> noteIds) {
		if (noteIds.isEmpty()) {
			return List.of();
		}
		return withFiles(userId,
				this.jdbc.sql("""
						SELECT %s FROM note n WHERE n.id IN (:ids) AND n.user_id = :userId""".formatted(COLUMNS))
					.param("ids", noteIds)
					.param("userId", userId)
					.query(NotePages::note)
					.list());
	}

	private static NotesController.NoteBody note(ResultSet rs, int row) throws SQLException {
		String forwardedFrom = rs.getString("forwarded_from");
		java.sql.Timestamp forwardedAt = rs.getTimestamp("forwarded_at");
		String transcriptStatus = rs.getString("transcript_status");
		String text = rs.getString("text");
		Timestamp updatedAt = rs.getTimestamp("updated_at");
		Instant createdAt = rs.getTimestamp("created_at").toInstant();
		return new NotesController.NoteBody(rs.getLong("id"), rs.getLong("version"), text, NoteTags.of(text),
				rs.getTimestamp("entry_date").toInstant(), createdAt,
				(updatedAt != null) ? updatedAt.toInstant() : null, createdAt, rs.getString("source"),
				rs.getString("kind"),
				(forwardedFrom != null && forwardedAt != null)
						? new NotesController.Forwarded(forwardedFrom, forwardedAt.toInstant()) : null,
				null, (transcriptStatus != null)
						? new NotesController.Transcript(transcriptStatus, rs.getString("transcript")) : null,
				null);
	}

	private List<NotesController.NoteBody> withFiles(long userId, List<NotesController.NoteBody> notes) {
		List<Long> withFiles = notes.stream()
			.filter((note) -> !"text".equals(note.kind()))
			.map(NotesController.NoteBody::id)
			.toList();
		if (withFiles.isEmpty()) {
			return notes;
		}
		Map<Long, MediaView> files = this.media.describe(userId, withFiles);
		return notes.stream().map((note) -> note.withMedia(files.get(note.id()))).toList();
	}

}
