package app.speakingdiary.system;

import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionHandlerTests {

	private final ApiExceptionHandler handler = new ApiExceptionHandler();

	@Test
	void aFullQueueOfDatabaseWorkIsA503WithRetryAfterNotA500() {
		ResponseEntity<ProblemDetail> response = this.handler.busy(new RejectedExecutionException("queue full"));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(response.getBody().getType().toString()).endsWith("#status.503");
		assertThat(response.getBody().getDetail()).isEqualTo("The service is busy. Try again shortly.");
	}

}
