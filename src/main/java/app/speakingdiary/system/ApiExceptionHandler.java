package app.speakingdiary.system;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error of the API as RFC 9457 problem JSON. Domain refusals are
 * {@code ErrorResponseException}s that carry their own problem (authentication, bad
 * input, limits); Spring's own exceptions (400, 404, 405, 413, 415 …) keep their status;
 * an unreachable database is a 503 with Retry-After (Telegram redelivers, the Mini App
 * retries); anything unexpected is a 500 whose body says nothing of its cause, logged
 * without secrets.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/**
	 * Every problem names its type; Spring leaves {@code about:blank} out of the JSON.
	 * The HTTP status's own definition is the type: the detail (and, for authentication,
	 * the reason) says the rest.
	 */
	static ProblemDetail typed(ProblemDetail problem) {
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(URI.create("https://www.rfc-editor.org/rfc/rfc9110#status." + problem.getStatus()));
		}
		return problem;
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, @Nullable HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (body instanceof ProblemDetail problem) {
			typed(problem);
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex) {
		if (!(ex instanceof TransientDataAccessException) && !(ex instanceof TransactionException)
				&& !Failures.isConnectionFailure(ex)) {
			return unexpected(ex);
		}
		logger.warn("The database is unavailable: {}", ex.getClass().getSimpleName());
		return serviceUnavailable("The database is unavailable. Try again shortly.");
	}

	/** The queue of database work is full: a burst beyond what the pool can drain. */
	@ExceptionHandler(RejectedExecutionException.class)
	ResponseEntity<ProblemDetail> busy(RejectedExecutionException ex) {
		logger.warn("Database work refused: the queue is full");
		return serviceUnavailable("The service is busy. Try again shortly.");
	}

	private ResponseEntity<ProblemDetail> serviceUnavailable(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle("Service Unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER.toSeconds()))
			.body(typed(problem));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		logger.error("Unexpected error while handling a request", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side. Try again later.");
		problem.setTitle("Internal Server Error");
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(typed(problem));
	}

}
