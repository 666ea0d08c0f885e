package app.speakingdiary.note;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * 422: the user keeps as many notes, or as much text, as one account may. Not a 429:
 * waiting does not help, deleting notes does.
 */
class NoteQuotaExceededException extends ErrorResponseException {

	NoteQuotaExceededException(int maxNotes, DataSize maxBytes) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, problem(maxNotes, maxBytes), null);
	}

	private static ProblemDetail problem(int maxNotes, DataSize maxBytes) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"The diary is full: an account keeps at most " + maxNotes + " notes and " + maxBytes.toMegabytes()
						+ " MB of text. Delete some notes to write new ones.");
		problem.setProperty("reason", "notes_quota_exceeded");
		problem.setProperty("max_notes", maxNotes);
		problem.setProperty("max_bytes", maxBytes.toBytes());
		return problem;
	}

}
