package app.speakingdiary.note;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Users' notes. Every query is scoped by the owner, so that no call can reach another
 * user's note.
 */
interface NoteRepository extends Repository<Note, Long> {

	/**
	 * One page of a user's notes, newest first. The owner is matched as a one-value range
	 * and the order names the owner, so that only {@code note_user_id_id_idx} can give
	 * the order. Written as {@code user_id = :userId ORDER BY id DESC}, the plan
	 * PostgreSQL caches for a prepared statement (its generic plan, taken after five
	 * executions) walked the primary key backwards and filtered on the owner: every note
	 * of every user until a page was found, the whole table for a user with none.
	 */
	String PAGE_SQL = """
			SELECT id, user_id, text, created_at FROM note
			WHERE user_id >= :userId AND user_id <= :userId AND id < :before
			ORDER BY user_id, id DESC LIMIT :limit""";

	Note save(Note note);

	/** Newest first, older than {@code before}. */
	@Query(PAGE_SQL)
	List<Note> page(long userId, long before, int limit);

	/** False when the user has no such note (it never existed or is someone else's). */
	@Modifying
	@Query("DELETE FROM note WHERE id = :id AND user_id = :userId")
	boolean deleteOwned(long id, long userId);

}
