package app.speakingdiary.note;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 412: the note changed since the version a change was made from. The problem carries the
 * note as it is now (and its ETag), so the client can show both and let the user choose.
 */
class NoteChangedException extends ErrorResponseException {

	NoteChangedException(NotesController.NoteBody current) {
		super(HttpStatus.PRECONDITION_FAILED, problem(current), null);
		getHeaders().setETag(current.etag());
	}

	private static ProblemDetail problem(NotesController.NoteBody current) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
				"The note was changed since the version this change was made from; it is now version "
						+ current.version() + ".");
		problem.setProperty("reason", "note_changed");
		problem.setProperty("note", current);
		return problem;
	}

}
