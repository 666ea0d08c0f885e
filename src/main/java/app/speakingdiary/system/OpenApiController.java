package app.speakingdiary.system;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the hand-written OpenAPI description; OpenApiIntegrationTests keeps it true to the endpoints. */
@RestController
class OpenApiController {

	private static final Resource SPEC = new ClassPathResource("openapi/openapi.yaml");

	@GetMapping("/api/telegram/openapi.yaml")
	ResponseEntity<Resource> openApi() {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/yaml"))
			.cacheControl(CacheControl.noCache())
			.body(SPEC);
	}

}
