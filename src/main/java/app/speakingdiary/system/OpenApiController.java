package app.speakingdiary.system;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Serves the hand-written OpenAPI description; OpenApiIntegrationTests keeps it true to
 * the endpoints.
 */
@RestController
class OpenApiController {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	// Read once at startup: no file I/O on an event-loop thread per request.
	private final byte[] spec;

	OpenApiController() {
		try {
			this.spec = new ClassPathResource("openapi/openapi.yaml").getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The OpenAPI description is missing from the jar", ex);
		}
	}

	@GetMapping("/api/telegram/openapi.yaml")
	Mono<ResponseEntity<byte[]>> openApi() {
		// A Mono, so that it is answered on the event loop (see BlockingHandlers).
		return Mono.just(ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(this.spec));
	}

}
