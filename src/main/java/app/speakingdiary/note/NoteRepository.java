package app.speakingdiary.note;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/**
 * Users' notes as aggregates: written and deleted here, scoped by the owner, so that no
 * call can reach another user's note. Pages are read as a projection ({@link NotePages}).
 */
interface NoteRepository extends Repository<Note, Long> {

	Note save(Note note);

	/** False when the user has no such note (it never existed or is someone else's). */
	@Modifying
	@Query("DELETE FROM note WHERE id = :id AND user_id = :userId")
	boolean deleteOwned(long id, long userId);

}
