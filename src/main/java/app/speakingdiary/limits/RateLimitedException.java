package app.speakingdiary.limits;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 429 with Retry-After: the user made more calls of one kind this minute than the
 * configured limit allows.
 */
public class RateLimitedException extends ErrorResponseException {

	RateLimitedException(RateLimits.Action action, int perMinute, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, problem(action, perMinute, retryAfter), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
	}

	private static ProblemDetail problem(RateLimits.Action action, int perMinute, Duration retryAfter) {
		String what = (action == RateLimits.Action.NOTE_WRITE) ? "notes written or deleted" : "sessions started";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"At most " + perMinute + " " + what + " a minute. Try again in " + retryAfter.toSeconds() + " s.");
		problem.setType(URI.create("https://www.rfc-editor.org/rfc/rfc6585#section-4"));
		problem.setProperty("reason", "rate_limited");
		problem.setProperty("retry_after", retryAfter.toSeconds());
		return problem;
	}

}
