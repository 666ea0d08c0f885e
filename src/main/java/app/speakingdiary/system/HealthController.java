package app.speakingdiary.system;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public health check used by the container's HEALTHCHECK, Caddy and operators: "ok"
 * only when PostgreSQL answers. Liveness, readiness and metrics live on the management
 * port.
 */
@RestController
class HealthController {

	private final DatabaseHealth database;

	HealthController(DatabaseHealth database) {
		this.database = database;
	}

	@GetMapping(path = "/api/telegram/health", produces = "application/json")
	Mono<ResponseEntity<Map<String, String>>> health() {
		return this.database.answers()
			.map((up) -> up ? status(HttpStatus.OK, "ok") : status(HttpStatus.SERVICE_UNAVAILABLE, "down"));
	}

	private static ResponseEntity<Map<String, String>> status(HttpStatus status, String value) {
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(Map.of("status", value));
	}

}
