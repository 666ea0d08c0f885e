package app.speakingdiary.deployment;

import org.awaitility.Awaitility;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.support.Tools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production Caddyfile, adapted by a real Caddy, and a real Caddy on loopback (a
 * plain-HTTP site) in front of the running backend: static files, the SPA fallback, /api
 * proxied, security headers, and an access log without secrets.
 */
class CaddyIntegrationTests extends IntegrationTest {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@LocalServerPort
	private int backendPort;

	@TempDir
	private Path home;

	private Process caddy;

	private Path log;

	@AfterEach
	void stopCaddy() throws InterruptedException {
		if (this.caddy != null) {
			this.caddy.destroy();
			this.caddy.waitFor();
		}
	}

	@Test
	void adaptsTheProductionCaddyfile() {
		Tools.require("caddy");

		Tools.Result result = Tools.run(ROOT, Map.of("DOMAIN", "diary.example.org", "HOME", this.home.toString()),
				"caddy", "adapt", "--config", "Caddyfile", "--adapter", "caddyfile", "--validate");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("diary.example.org").contains("reverse_proxy");
		// Slow or idle clients are cut off: headers in 10 s, the body in 30 s, idle
		// keep-alive after 2 minutes.
		assertThat(result.output()).contains("\"read_header_timeout\":10000000000")
			.contains("\"read_timeout\":30000000000")
			.contains("\"idle_timeout\":120000000000");
	}

	@Test
	void servesTheMiniAppProxiesTheApiAndLogsNoSecret() throws Exception {
		Tools.require("caddy");
		String site = startCaddy();

		HttpResponse<String> index = get(site + "/", Map.of());
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("Speaking Diary");
		assertThat(index.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((v) -> assertThat(v).contains("max-age="));
		assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(index.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("https://telegram.org")
				.contains("frame-ancestors")
				.contains("web.telegram.org"));

		HttpResponse<String> deepLink = get(site + "/notes/42?session=" + "S".repeat(43), Map.of());
		assertThat(deepLink.statusCode()).isEqualTo(200);
		assertThat(deepLink.body()).isEqualTo(index.body());

		HttpResponse<String> health = get(site + "/api/telegram/health", Map.of());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
		assertThat(get(site + "/actuator/prometheus", Map.of()).body()).doesNotContain("jvm_");

		String sessionSecret = "SessionSecret" + "x".repeat(30);
		get(site + "/api/telegram/notes?session=" + sessionSecret,
				Map.of("Authorization", "tma InitDataSecret", "X-Session-Token", sessionSecret, "X-Telegram-Init-Data",
						"InitDataSecret2", "Referer", "https://evil.example/?session=RefererSecret" + "r".repeat(30)));
		HttpResponse<String> webhook = CLIENT
			.send(HttpRequest.newBuilder(URI.create(site + "/api/telegram/webhook?secret=" + WEBHOOK_SECRET))
				.header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"update_id\":9}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(webhook.statusCode()).isEqualTo(200);

		String accessLog = awaitLog("/api/telegram/webhook");
		assertThat(accessLog).contains("/api/telegram/notes")
			.contains("REDACTED")
			.doesNotContain(sessionSecret)
			.doesNotContain("InitDataSecret")
			.doesNotContain(WEBHOOK_SECRET)
			.doesNotContain("RefererSecret");
	}

	@Test
	void cutsOffAClientWhoseHeadersNeverEnd() throws Exception {
		Tools.require("caddy");
		URI site = URI.create(startCaddy());

		try (java.net.Socket slow = new java.net.Socket(site.getHost(), site.getPort())) {
			slow.setSoTimeout(20_000);
			slow.getOutputStream().write("GET /api/telegram/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes());
			long started = System.nanoTime();
			// Caddy's read_header timeout (10 s) closes it; without one the read would
			// wait out the 20 s.
			int read;
			try {
				read = slow.getInputStream().read();
			}
			catch (java.net.SocketException ex) {
				read = -1;
			}
			assertThat(read == -1 || read == 'H').isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(8),
					Duration.ofSeconds(15));
		}
	}

	private String startCaddy() throws IOException, InterruptedException {
		int port = freePort();
		this.log = this.home.resolve("caddy.log");
		ProcessBuilder builder = new ProcessBuilder("caddy", "run", "--config", ROOT.resolve("Caddyfile").toString(),
				"--adapter", "caddyfile")
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile());
		builder.environment()
			.putAll(Map.of("DOMAIN", "http://127.0.0.1:" + port, "BACKEND", "127.0.0.1:" + this.backendPort,
					"WEBAPP_ROOT", ROOT.resolve("webapp").toString(), "CADDY_ADMIN", "127.0.0.1:" + freePort(), "HOME",
					this.home.toString(), "XDG_DATA_HOME", this.home.resolve("data").toString(), "XDG_CONFIG_HOME",
					this.home.resolve("config").toString()));
		this.caddy = builder.start();
		String site = "http://127.0.0.1:" + port;
		Awaitility.await("Caddy serving " + site)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> get(site + "/", Map.of()).statusCode() == 200);
		return site;
	}

	private String awaitLog(String needle) {
		return Awaitility.await("Caddy's log to show " + needle)
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> Files.readString(this.log, StandardCharsets.UTF_8), (text) -> text.contains(needle));
	}

	private static HttpResponse<String> get(String url, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		headers.forEach(request::header);
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
