package app.speakingdiary.system;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI description and the real endpoints must agree, operation for operation. */
class OpenApiIntegrationTests extends IntegrationTest {

	@Autowired
	private RequestMappingHandlerMapping mappings;

	@Test
	void describesExactlyTheEndpointsTheServiceHas() {
		Set<String> real = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((info) -> info.getPatternsCondition().getPatterns()
			.forEach((pattern) -> info.getMethodsCondition().getMethods()
				.forEach((method) -> real.add(method.name() + " " + pattern.getPatternString()))));

		assertThat(documentedOperations().keySet()).isEqualTo(real);
	}

	@Test
	void everyOperationAnswersWithAStatusItDocuments() {
		ApiUser ada = newUser(401);
		documentedOperations().forEach((operation, responses) -> {
			String[] parts = operation.split(" ");
			String path = parts[1].replace("{id}", "999999");
			for (boolean authenticated : new boolean[] { false, true }) {
				int status = this.http.method(HttpMethod.valueOf(parts[0])).uri(path)
					.headers((headers) -> {
						if (authenticated) {
							headers.set("X-Session-Token", ada.token());
							headers.set("Authorization", "tma " + ada.initData());
							headers.set("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET);
						}
					})
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(parts[1].endsWith("/webhook") ? "{\"update_id\":5}" : "{\"text\":\"hi\"}")
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value();
				assertThat(responses.keySet()).as("%s (authenticated: %s)", operation, authenticated)
					.contains(String.valueOf(status));
			}
		});
	}

	@Test
	void servesTheDescription() {
		this.http.get().uri("/api/telegram/openapi.yaml").exchange().expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("application/yaml")
			.expectBody(String.class).value((yaml) -> assertThat(yaml).startsWith("openapi: 3"));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> documentedOperations() {
		String yaml = this.http.get().uri("/api/telegram/openapi.yaml").exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		Map<String, Object> spec = new Yaml().load(yaml);
		Map<String, Map<String, Object>> operations = new java.util.TreeMap<>();
		((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, methods) -> methods
			.forEach((method, operation) -> operations.put(method.toUpperCase() + " " + path,
					(Map<String, Object>) ((Map<String, Object>) operation).get("responses"))));
		return operations;
	}

}
