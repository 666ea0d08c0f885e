package app.speakingdiary.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import app.speakingdiary.support.Tools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the production files without a Docker engine: the compose file's
 * shape (validated by the Compose CLI too), the Dockerfile's essentials (no hadolint
 * package here), and that .env.example documents every variable the stack reads.
 */
class DeploymentFilesTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	@Test
	@SuppressWarnings("unchecked")
	void composeRunsTheDatabaseBackendAndCaddyAndPublishesOnlyCaddy() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.prod.yml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

		assertThat(services).containsOnlyKeys("db", "backend", "caddy", "stt");
		// The speech-to-text server runs only with its profile, and publishes nothing.
		assertThat(services.get("stt").get("profiles")).isEqualTo(List.of("stt"));
		assertThat(services.get("stt")).doesNotContainKey("ports");
		Map<String, Object> db = services.get("db");
		assertThat((String) db.get("image")).startsWith("postgres:17");
		assertThat(db.get("healthcheck").toString()).contains("pg_isready");
		assertThat((List<String>) db.get("volumes")).anyMatch((volume) -> volume.startsWith("db-data:"));
		assertThat(db).doesNotContainKey("ports");

		Map<String, Object> backend = services.get("backend");
		assertThat(backend.get("container_name")).isEqualTo("diary_backend");
		assertThat(backend).doesNotContainKey("ports");
		assertThat(backend.get("depends_on").toString()).contains("db={condition=service_healthy}");
		assertThat(((Map<String, Object>) backend.get("environment")).keySet()).contains("SPRING_DATASOURCE_URL",
				"SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
		assertThat(backend.get("env_file")).isEqualTo(".env");

		Map<String, Object> caddy = services.get("caddy");
		assertThat(caddy.get("container_name")).isEqualTo("diary_caddy");
		assertThat((List<String>) caddy.get("ports")).containsExactlyInAnyOrder("80:80", "443:443", "443:443/udp");
		assertThat((List<String>) caddy.get("volumes")).contains("./Caddyfile:/etc/caddy/Caddyfile:ro",
				"./webapp:/srv/webapp:ro");
		assertThat((List<String>) caddy.get("volumes")).anyMatch((volume) -> volume.startsWith("caddy-data:/data"));

		for (Map<String, Object> service : services.values()) {
			assertThat(service.get("restart")).isEqualTo("unless-stopped");
			assertThat(service.get("logging").toString()).contains("max-size");
		}
		assertThat(((Map<String, Object>) compose.get("volumes")).keySet()).contains("db-data", "caddy-data",
				"caddy-config");
	}

	@Test
	void composeIsValidForTheComposeCliOnceTheSecretsAreFilledIn(@TempDir Path directory) throws IOException {
		Tools.require("docker-compose");
		Files.copy(ROOT.resolve("docker-compose.prod.yml"), directory.resolve("docker-compose.prod.yml"));
		Files.writeString(directory.resolve(".env"), Files.readString(ROOT.resolve(".env.example"))
			.replace("DOMAIN=\n", "DOMAIN=diary.example.org\n")
			.replace("TELEGRAM_BOT_TOKEN=\n", "TELEGRAM_BOT_TOKEN=123456789:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8\n")
			.replace("TELEGRAM_WEBHOOK_SECRET=\n", "TELEGRAM_WEBHOOK_SECRET=" + "0f3c9a1be27d48f6".repeat(4) + "\n")
			.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=5d1c0e3b9a7f42e68b0c\n"));

		Tools.Result result = Tools.run(directory, Map.of(), "docker-compose", "-f", "docker-compose.prod.yml",
				"config");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("container_name: diary_backend")
			.contains("SPRING_DATASOURCE_URL: jdbc:postgresql://db:5432/diary");
	}

	@Test
	void composeRefusesToStartWhileASecretIsLeftEmpty(@TempDir Path directory) throws IOException {
		Tools.require("docker-compose");
		Files.copy(ROOT.resolve("docker-compose.prod.yml"), directory.resolve("docker-compose.prod.yml"));
		Files.copy(ROOT.resolve(".env.example"), directory.resolve(".env"));

		Tools.Result result = Tools.run(directory, Map.of(), "docker-compose", "-f", "docker-compose.prod.yml",
				"config");

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).containsAnyOf("Set POSTGRES_PASSWORD in .env", "Set TELEGRAM_BOT_TOKEN in .env",
				"Set TELEGRAM_WEBHOOK_SECRET in .env", "Set DOMAIN in .env");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeHardensEveryContainerAndKeepsTheDatabaseAndManagementPortInside() throws IOException {
		Map<String, Object> compose = new org.yaml.snakeyaml.Yaml()
			.load(Files.readString(ROOT.resolve("docker-compose.prod.yml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

		for (Map<String, Object> service : services.values()) {
			assertThat((List<String>) service.get("security_opt")).contains("no-new-privileges:true");
			assertThat((List<String>) service.get("cap_drop")).containsExactly("ALL");
			assertThat(service.get("mem_limit")).isNotNull();
		}
		assertThat(services.get("backend").get("read_only")).isEqualTo(true);
		assertThat(services.get("caddy").get("read_only")).isEqualTo(true);
		assertThat((List<String>) services.get("caddy").get("cap_add")).containsExactly("NET_BIND_SERVICE");
		assertThat(((Map<String, Object>) services.get("backend").get("environment")).get("MANAGEMENT_SERVER_ADDRESS"))
			.isEqualTo("127.0.0.1");
		assertThat((List<String>) services.get("db").get("networks")).containsExactly("internal");
		assertThat(((Map<String, Map<String, Object>>) compose.get("networks")).get("internal").get("internal"))
			.isEqualTo(true);
	}

	@Test
	void envExampleLeavesEverySecretEmpty() throws IOException {
		List<String> lines = Files.readAllLines(ROOT.resolve(".env.example"));

		for (String secret : List.of("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "POSTGRES_PASSWORD")) {
			assertThat(lines).contains(secret + "=");
		}
	}

	@Test
	void dockerfileBuildsWithTheWrapperAndRunsAsANonRootUserWithAHealthCheck() throws IOException {
		List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
		List<String> from = lines.stream().filter((line) -> line.startsWith("FROM ")).toList();
		int finalStage = lines.indexOf(from.get(from.size() - 1));
		List<String> runtime = lines.subList(finalStage, lines.size());

		assertThat(from).hasSizeGreaterThanOrEqualTo(2)
			.allMatch((line) -> line.contains("eclipse-temurin:"))
			.noneMatch((line) -> line.contains(":latest"));
		assertThat(from.get(from.size() - 1)).contains("-jre");
		assertThat(lines).anyMatch((line) -> line.contains("./mvnw") && line.contains("dependency:go-offline"));
		assertThat(lines).anyMatch((line) -> line.contains("extract --layers"));
		assertThat(runtime).anyMatch((line) -> line.matches("USER [1-9][0-9]*(:[0-9]+)?"));
		assertThat(runtime).anyMatch((line) -> line.startsWith("HEALTHCHECK"));
		assertThat(String.join("\n", runtime)).contains("/api/telegram/health").contains("MaxRAMPercentage");
		assertThat(runtime).anyMatch((line) -> line.startsWith("ENTRYPOINT [\""));
		assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains(".env")
			.contains(".git")
			.contains("target");
	}

	@Test
	void envExampleDocumentsEveryVariableTheStackReads() throws IOException {
		Set<String> documented = new TreeSet<>();
		for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
			if (line.matches("[A-Z_]+=.*")) {
				documented.add(line.substring(0, line.indexOf('=')));
			}
		}
		Set<String> read = new TreeSet<>();
		read.addAll(placeholders(Files.readString(ROOT.resolve("src/main/resources/application.yml"))));
		read.addAll(placeholders(Files.readString(ROOT.resolve("docker-compose.prod.yml"))));
		read.removeAll(Set.of("BACKEND", "CADDY_ADMIN", "WEBAPP_ROOT"));

		assertThat(documented).containsAll(read);
		assertThat(Files.readString(ROOT.resolve(".env.example"))).contains("openssl rand").contains("PowerShell");
	}

	private static Set<String> placeholders(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z_]+)[:}?]").matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
