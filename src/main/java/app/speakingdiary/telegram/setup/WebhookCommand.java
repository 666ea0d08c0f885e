package app.speakingdiary.telegram.setup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import app.speakingdiary.config.DiaryProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -jar app.jar webhook set|info}: registers the webhook with setWebhook, or
 * prints getWebhookInfo, using the same environment as the service. It runs without a
 * database, also inside the production container.
 */
public final class WebhookCommand {

	/**
	 * The update kinds the bot handles; Telegram then does not send the others at all.
	 */
	static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query",
			"my_chat_member");

	static final String WEBHOOK_PATH = "/api/telegram/webhook";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DiaryProperties properties;

	private final PrintStream out;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	WebhookCommand(DiaryProperties properties, PrintStream out) {
		this.properties = properties;
		this.out = out;
	}

	public static int run(String... args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SettingsOnly.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN")) {
			return new WebhookCommand(context.getBean(DiaryProperties.class), System.out).execute(args);
		}
	}

	int execute(String... args) {
		String verb = (args.length > 0) ? args[0] : "";
		List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
		try {
			return switch (verb) {
				case "set" -> set(options);
				case "info" -> info();
				default -> usage();
			};
		}
		catch (IOException ex) {
			this.out.println("Could not reach the Bot API: " + ex.getClass().getSimpleName());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	private int set(List<String> options) throws IOException, InterruptedException {
		if (!this.properties.telegram().hasWebhookSecret()) {
			// Weak and placeholder secrets never get this far: the settings refuse them.
			this.out.println("Refusing to register a webhook that anyone could post to: set TELEGRAM_WEBHOOK_SECRET "
					+ "(e.g. openssl rand -hex 32) and run webhook set again.");
			return 1;
		}
		String url = option(options, "--url=", defaultWebhookUrl());
		// The header mechanism: a secret in the URL's query would end up in proxies'
		// access logs.
		ObjectNode request = JSON.createObjectNode()
			.put("url", url)
			.put("secret_token", this.properties.telegram().webhookSecret());
		ALLOWED_UPDATES.forEach(request.putArray("allowed_updates")::add);
		request.put("drop_pending_updates", options.contains("--drop-pending-updates"));
		request.put("max_connections", Integer.parseInt(option(options, "--max-connections=", "40")));
		JsonNode response = call("setWebhook", request);
		if (!response.path("ok").asBoolean(false)) {
			this.out.println("setWebhook failed: " + response.path("description").asString("no description"));
			return 1;
		}
		this.out.println("Webhook set: " + url);
		this.out.println("  secret_token:     yes");
		this.out.println("  allowed_updates:  " + String.join(", ", ALLOWED_UPDATES));
		this.out.println("  pending updates:  " + (options.contains("--drop-pending-updates") ? "dropped" : "kept"));
		return 0;
	}

	private int info() throws IOException, InterruptedException {
		JsonNode response = call("getWebhookInfo", JSON.createObjectNode());
		if (!response.path("ok").asBoolean(false)) {
			this.out.println("getWebhookInfo failed: " + response.path("description").asString("no description"));
			return 1;
		}
		JsonNode info = response.path("result");
		String url = info.path("url").asString("");
		this.out.println("Webhook URL:          " + (url.isEmpty() ? "(none: the bot receives nothing)" : url));
		this.out.println("Pending updates:      " + info.path("pending_update_count").asLong(0));
		this.out.println("Max connections:      " + info.path("max_connections").asString("-"));
		this.out.println("Allowed updates:      " + (info.has("allowed_updates")
				? String.join(", ", info.get("allowed_updates").valueStream().map(JsonNode::asString).toList())
				: "(all but chat_member, message_reaction)"));
		this.out.println("IP address:           " + info.path("ip_address").asString("-"));
		if (info.has("last_error_date")) {
			this.out.println("Last error:           " + Instant.ofEpochSecond(info.get("last_error_date").asLong())
					+ " " + info.path("last_error_message").asString(""));
		}
		else {
			this.out.println("Last error:           none");
		}
		return 0;
	}

	private int usage() {
		this.out.println("""
				Usage: java -jar app.jar webhook set [--url=URL] [--drop-pending-updates] [--max-connections=N]
				       java -jar app.jar webhook info
				The URL defaults to the origin of PUBLIC_WEBAPP_URL + %s.""".formatted(WEBHOOK_PATH));
		return 2;
	}

	String defaultWebhookUrl() {
		URI app = this.properties.webapp().uri();
		return app.getScheme() + "://" + app.getRawAuthority() + WEBHOOK_PATH;
	}

	private JsonNode call(String method, ObjectNode body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.properties.telegram().apiUrl() + "/bot" + this.properties.telegram().botToken()
					+ "/" + method))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		try {
			return JSON.readTree(response.body());
		}
		catch (RuntimeException ex) {
			return JSON.createObjectNode().put("ok", false).put("description", "HTTP " + response.statusCode());
		}
	}

	private static String option(List<String> options, String prefix, String fallback) {
		return options.stream()
			.filter((option) -> option.startsWith(prefix))
			.map((option) -> option.substring(prefix.length()))
			.findFirst()
			.orElse(fallback);
	}

	/** Not a @Configuration, so that the service's component scan does not pick it up. */
	@EnableConfigurationProperties(DiaryProperties.class)
	static class SettingsOnly {

	}

}
