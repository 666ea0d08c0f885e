package app.speakingdiary.system;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Bad input from a client, answered with 400 and this message as the problem's detail.
 */
public class InvalidRequestException extends ErrorResponseException {

	public InvalidRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
	}

	/** The detail alone, for a command line that reports it. */
	public @Nullable String detail() {
		return getBody().getDetail();
	}

}
