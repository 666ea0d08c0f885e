package app.speakingdiary.auth;

import org.springframework.http.HttpStatus;

/**
 * A call the API refuses: 401 when a credential is missing or invalid (with a machine-readable reason), 403 when
 * valid credentials belong to two different users.
 */
public class AuthenticationFailedException extends RuntimeException {

	private final HttpStatus status;

	private final String reason;

	AuthenticationFailedException(HttpStatus status, String reason, String message) {
		super(message);
		this.status = status;
		this.reason = reason;
	}

	static AuthenticationFailedException unauthorized(String reason, String message) {
		return new AuthenticationFailedException(HttpStatus.UNAUTHORIZED, reason, message);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String reason() {
		return this.reason;
	}

}
