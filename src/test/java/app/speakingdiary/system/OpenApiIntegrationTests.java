package app.speakingdiary.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

import app.speakingdiary.auth.InitDataException;
import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI description, the real endpoints and the README's API section must
 * agree, operation for operation.
 */
class OpenApiIntegrationTests extends IntegrationTest {

	@Autowired
	private RequestMappingHandlerMapping mappings;

	@Test
	void describesExactlyTheEndpointsTheServiceHas() {
		Set<String> real = new TreeSet<>();
		this.mappings.getHandlerMethods()
			.keySet()
			.forEach((info) -> info.getPatternsCondition()
				.getPatterns()
				.forEach((pattern) -> info.getMethodsCondition()
					.getMethods()
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
				int status = this.http.method(HttpMethod.valueOf(parts[0])).uri(path).headers((headers) -> {
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
	void theReadmesApiTableListsTheSameOperations() throws IOException {
		Set<String> listed = new TreeSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `(GET|POST|PUT|PATCH|DELETE) (/[^`?]*)").matcher(readmeApiSection());
		while (row.find()) {
			listed.add(row.group(1) + " " + row.group(2));
		}

		assertThat(listed).isEqualTo(documentedOperations().keySet());
	}

	@Test
	void theReadmeExplainsEveryAuthenticationReasonTheApiGives() throws IOException {
		Set<String> reasons = new TreeSet<>(Set.of("init_data_missing", "init_data_without_user", "session_missing",
				"session_invalid", "user_mismatch"));
		// The API checks the HMAC; only the Ed25519 check, which it does not use, can
		// miss a signature.
		Arrays.stream(InitDataException.Reason.values())
			.filter((reason) -> reason != InitDataException.Reason.SIGNATURE_MISSING)
			.forEach((reason) -> reasons.add("init_data_" + reason.code()));
		String readme = readmeApiSection();

		assertThat(reasons).allSatisfy((reason) -> assertThat(readme).contains("`" + reason + "`"));
	}

	@Test
	void servesTheDescription() {
		this.http.get()
			.uri("/api/telegram/openapi.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("application/yaml")
			.expectBody(String.class)
			.value((yaml) -> assertThat(yaml).startsWith("openapi: 3"));
	}

	private static String readmeApiSection() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		int start = readme.indexOf("\n## API\n");
		assertThat(start).as("README has an API section").isNotNegative();
		return readme.substring(start, readme.indexOf("\n## ", start + 1));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> documentedOperations() {
		String yaml = this.http.get()
			.uri("/api/telegram/openapi.yaml")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> spec = new Yaml().load(yaml);
		Map<String, Map<String, Object>> operations = new java.util.TreeMap<>();
		((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, methods) -> methods
			.forEach((method, operation) -> operations.put(method.toUpperCase() + " " + path,
					(Map<String, Object>) ((Map<String, Object>) operation).get("responses"))));
		return operations;
	}

}
