package app.speakingdiary.system;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public health check used by the container's HEALTHCHECK, Caddy and operators: "ok" only when PostgreSQL
 * answers. Liveness, readiness and metrics live on the management port.
 */
@RestController
class HealthController {

	private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(3);

	private final JdbcClient jdbc;

	private final BlockingJdbc blocking;

	HealthController(JdbcClient jdbc, BlockingJdbc blocking) {
		this.jdbc = jdbc;
		this.blocking = blocking;
	}

	@GetMapping(path = "/api/telegram/health", produces = "application/json")
	Mono<ResponseEntity<Map<String, String>>> health() {
		return this.blocking.call(() -> this.jdbc.sql("SELECT 1").query(Integer.class).single())
			.timeout(DATABASE_TIMEOUT)
			.map((one) -> status(HttpStatus.OK, "ok"))
			.onErrorResume((ex) -> Mono.just(status(HttpStatus.SERVICE_UNAVAILABLE, "down")));
	}

	private static ResponseEntity<Map<String, String>> status(HttpStatus status, String value) {
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(Map.of("status", value));
	}

}
