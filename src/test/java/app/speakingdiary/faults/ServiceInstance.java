package app.speakingdiary.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import app.speakingdiary.SpeakingDiaryApplication;
import app.speakingdiary.telegram.FakeBotApi;

/**
 * One running instance of the service for a fault scenario, configured as an operator
 * would configure it (the variables of README's table), against the scenario's own
 * database and fake Bot API. Either in this JVM, or as a process of its own where the
 * scenario must kill it without warning.
 */
abstract class ServiceInstance implements AutoCloseable {

	static final String BOT_TOKEN = "123456789:faults-token_0123456789abcdefghij";

	static final String WEBHOOK_SECRET = "faults-webhook-secret_0123456789abcdefXYZ";

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	final int port;

	/** The scenarios' fake speech-to-text server, when one runs. */
	static volatile String speechUrl;

	ServiceInstance(int port) {
		this.port = port;
	}

	static Map<String, String> settings(FaultDatabase database, FakeBotApi botApi, int port) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("TELEGRAM_BOT_TOKEN", BOT_TOKEN);
		settings.put("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET);
		settings.put("PUBLIC_WEBAPP_URL", "https://diary.example.org/");
		settings.put("TELEGRAM_API_URL", botApi.url());
		settings.put("spring.datasource.url", database.jdbcUrl());
		settings.put("spring.datasource.username", "postgres");
		settings.put("spring.datasource.password", "postgres");
		settings.put("SERVER_PORT", String.valueOf(port));
		settings.put("MANAGEMENT_SERVER_PORT", "0");
		// Shorter than the defaults (lease 60 s, backoff up to 5 min, 10 s per call) so
		// that a scenario ends in seconds; the mechanisms are the same.
		settings.put("OUTBOX_LEASE", "20s");
		settings.put("OUTBOX_MAX_BACKOFF", "1s");
		settings.put("OUTBOX_REQUEST_TIMEOUT", "2s");
		settings.put("OUTBOX_POLL_INTERVAL", "200ms");
		settings.put("OUTBOX_MAX_ATTEMPTS", "1000");
		settings.put("SESSIONS_PER_MINUTE", "1000");
		settings.put("NOTES_WRITES_PER_MINUTE", "100000");
		// A task whose instance died runs again after 4 missed heartbeats: 4 s here, 2
		// min
		// by default.
		settings.put("JOBS_POLL_INTERVAL", "200ms");
		settings.put("JOBS_HEARTBEAT_INTERVAL", "1s");
		settings.put("JOBS_MISSED_HEARTBEATS", "4");
		settings.put("MEDIA_DOWNLOAD_BACKOFF", "200ms");
		settings.put("STT_BACKOFF", "200ms");
		if (speechUrl != null) {
			settings.put("STT_URL", speechUrl);
		}
		return settings;
	}

	/**
	 * An instance in this JVM; {@link #close()} stops it gracefully. The settings are
	 * command-line arguments, which win over the developer's environment.
	 */
	static ServiceInstance inThisJvm(FaultDatabase database, FakeBotApi botApi) {
		int port = FaultDatabase.freePort();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SpeakingDiaryApplication.class)
			.run(arguments(settings(database, botApi, port)).toArray(String[]::new));
		return new InThisJvm(port, context);
	}

	private static List<String> arguments(Map<String, String> settings) {
		List<String> arguments = new ArrayList<>();
		settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments;
	}

	/**
	 * An instance as a process of its own, started from this JVM's class path; its output
	 * goes to {@code log}.
	 */
	static ServiceInstance asProcess(FaultDatabase database, FakeBotApi botApi, Path log) {
		int port = FaultDatabase.freePort();
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), SpeakingDiaryApplication.class.getName()));
		command.addAll(arguments(settings(database, botApi, port)));
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ServiceInstance instance = new AsProcess(port, process);
			try {
				instance.awaitHealthy(Duration.ofSeconds(90));
			}
			catch (RuntimeException ex) {
				instance.kill();
				throw ex;
			}
			return instance;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What GET /api/telegram/health answers now; 0 when nothing answers. */
	int health() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/telegram/health"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	void awaitHealthy(Duration timeout) {
		Awaitility.await("a healthy service on port " + this.port)
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> health() == 200);
	}

	/** SIGKILL: no shutdown hook, no graceful stop. Only for a process. */
	void kill() {
		throw new UnsupportedOperationException("Only a process of its own can be killed");
	}

	abstract boolean isAlive();

	@Override
	public abstract void close();

	private static final class InThisJvm extends ServiceInstance {

		private final ConfigurableApplicationContext context;

		InThisJvm(int port, ConfigurableApplicationContext context) {
			super(port);
			this.context = context;
		}

		@Override
		boolean isAlive() {
			return this.context.isRunning();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	private static final class AsProcess extends ServiceInstance {

		private final Process process;

		AsProcess(int port, Process process) {
			super(port);
			this.process = process;
		}

		@Override
		void kill() {
			this.process.destroyForcibly();
			waitFor();
		}

		@Override
		boolean isAlive() {
			return this.process.isAlive();
		}

		@Override
		public void close() {
			this.process.destroy();
			waitFor();
		}

		private void waitFor() {
			try {
				if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
