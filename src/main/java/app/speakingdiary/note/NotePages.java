package app.speakingdiary.note;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import app.speakingdiary.media.MediaLibrary;
import app.speakingdiary.media.MediaView;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Pages of one user's notes, read straight into what the API shows: the list is the
 * busiest call, and mapping its rows through the aggregate cost a third of its throughput
 * at 64 connections (docs/benchmarks.md, issue 14).
 */
@Repository
class NotePages {

	/**
	 * One page of a user's notes, newest first. The owner is matched as a one-value range
	 * and the order names the owner, so that only {@code note_user_id_id_idx} can give
	 * the order. Written as {@code user_id = :userId ORDER BY id DESC}, the plan
	 * PostgreSQL caches for a prepared statement (its generic plan, taken after five
	 * executions) walked the primary key backwards and filtered on the owner: every note
	 * of every user until a page was found, the whole table for a user with none.
	 */
	static final String PAGE_SQL = """
			SELECT id, version, text, created_at, source, kind, forwarded_from, forwarded_at, transcript_status, transcript
			FROM note
			WHERE user_id >= :userId AND user_id <= :userId AND id < :before
			ORDER BY user_id, id DESC LIMIT :limit""";

	private final JdbcClient jdbc;

	private final MediaLibrary media;

	NotePages(JdbcClient jdbc, MediaLibrary media) {
		this.jdbc = jdbc;
		this.media = media;
	}

	/**
	 * Newest first, older than the note {@code before} when given; one more than
	 * {@code limit} tells whether more exist. A page with files reads their rows too, in
	 * one more query.
	 */
	List<NotesController.NoteBody> page(long userId, @Nullable Long before, int limit) {
		return withFiles(userId,
				this.jdbc.sql(PAGE_SQL)
					.param("userId", userId)
					.param("before", (before != null) ? before : Long.MAX_VALUE)
					.param("limit", limit)
					.query(NotePages::note)
					.list());
	}

	/** Newest first, the user's notes with this tag, older than {@code before}. */
	List<NotesController.NoteBody> tagged(long userId, String tag, @Nullable Long before, int limit) {
		return withFiles(userId, this.jdbc.sql("""
				SELECT n.id, n.version, n.text, n.created_at, n.source, n.kind, n.forwarded_from, n.forwarded_at,
				       n.transcript_status, n.transcript
				FROM note_tag t JOIN note n ON n.id = t.note_id
				WHERE t.user_id = :userId AND t.tag = :tag AND t.note_id < :before
				ORDER BY t.note_id DESC LIMIT :limit""")
			.param("userId", userId)
			.param("tag", tag)
			.param("before", (before != null) ? before : Long.MAX_VALUE)
			.param("limit", limit)
			.query(NotePages::note)
			.list());
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
		return withFiles(userId, this.jdbc.sql("""
				SELECT id, version, text, created_at, source, kind, forwarded_from, forwarded_at, transcript_status,
				       transcript
				FROM note WHERE id IN (:ids) AND user_id = :userId""")
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
		return new NotesController.NoteBody(rs.getLong("id"), rs.getLong("version"), text, NoteTags.of(text),
				rs.getTimestamp("created_at").toInstant(), rs.getString("source"), rs.getString("kind"),
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
