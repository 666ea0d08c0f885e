package app.speakingdiary.note;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An {@code If-Match} header (RFC 9110 §13.1.1) as a change of a note reads it: the
 * version it was made from, any version ({@code *}), or none that can match (only weak or
 * unknown tags: If-Match compares strongly). A change without the header is refused with
 * 428 (RFC 6585): it would overwrite whatever another device wrote.
 */
record IfMatch(@Nullable Long version, boolean matchesNothing) {

	private static final Pattern STRONG = Pattern.compile("\\s*\"([0-9]{1,18})\"\\s*");

	static IfMatch parse(@Nullable String header) {
		if (header == null || header.isBlank()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED,
					"A change needs If-Match with the note's version (its ETag), e.g. If-Match: \"3\".");
			problem.setProperty("reason", "if_match_required");
			throw new ErrorResponseException(HttpStatus.PRECONDITION_REQUIRED, problem, null);
		}
		if (header.strip().equals("*")) {
			return new IfMatch(null, false);
		}
		for (String tag : header.split(",")) {
			Matcher strong = STRONG.matcher(tag);
			if (strong.matches()) {
				return new IfMatch(Long.parseLong(strong.group(1)), false);
			}
		}
		return new IfMatch(null, true);
	}

}
