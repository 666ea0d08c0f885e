package app.speakingdiary.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A call the API refuses: 401 when a credential is missing or invalid, 403 when valid
 * credentials belong to two different users; the problem's {@code reason} tells the Mini
 * App which.
 */
public class AuthenticationFailedException extends ErrorResponseException {

	private final String reason;

	AuthenticationFailedException(HttpStatus status, String reason, String detail) {
		super(status, problem(status, reason, detail), null);
		this.reason = reason;
		if (status == HttpStatus.UNAUTHORIZED) {
			getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "tma");
		}
	}

	static AuthenticationFailedException unauthorized(String reason, String detail) {
		return new AuthenticationFailedException(HttpStatus.UNAUTHORIZED, reason, detail);
	}

	public String reason() {
		return this.reason;
	}

	private static ProblemDetail problem(HttpStatus status, String reason, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("reason", reason);
		return problem;
	}

}
