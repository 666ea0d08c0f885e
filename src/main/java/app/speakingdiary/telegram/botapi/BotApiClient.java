package app.speakingdiary.telegram.botapi;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.media.FileSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls Telegram's Bot API over WebClient. The token is a URI template variable, so
 * neither metrics (which tag requests with the template) nor any message built here ever
 * contain it; errors are turned into {@link BotApiResponse}s instead of exceptions whose
 * messages would carry the URL.
 */
@Component
public class BotApiClient implements FileSource {

	private static final String METHOD_URI = "/bot{token}/{method}";

	private final WebClient webClient;

	private final String token;

	private final Duration timeout;

	private final JsonMapper json;

	BotApiClient(WebClient.Builder builder, DiaryProperties properties, JsonMapper json) {
		this.token = properties.telegram().botToken();
		this.timeout = properties.outbox().requestTimeout();
		this.json = json;
		HttpClient http = HttpClient
			.create(ConnectionProvider.builder("bot-api")
				.maxConnections(64)
				.pendingAcquireMaxCount(1024)
				.maxIdleTime(Duration.ofSeconds(30))
				.build())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
			.responseTimeout(this.timeout);
		this.webClient = builder.clone()
			.baseUrl(properties.telegram().apiUrl())
			.clientConnector(new ReactorClientHttpConnector(http))
			.build();
	}

	public Mono<BotApiResponse> call(String method, String jsonPayload) {
		return this.webClient.post()
			.uri(METHOD_URI, this.token, method)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(jsonPayload)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((body) -> BotApiResponse.of(response.statusCode().value(),
						response.headers().asHttpHeaders().getFirst("Retry-After"), parse(body))))
			// A backstop over connect and response timeouts. Not timeout(): it builds a
			// description of the whole
			// operator chain on every call, which was the sender's largest allocation.
			.take(this.timeout.plusSeconds(1))
			.defaultIfEmpty(BotApiResponse.transientFailure("timed out"))
			.onErrorResume((ex) -> Mono.just(BotApiResponse.transientFailure(describe(ex))));
	}

	/**
	 * {@code getFile}: where to download a file, or why it cannot be. Telegram refuses
	 * files over 20 MB with 400 "file is too big".
	 */
	@Override
	public Described describe(String fileId, Duration timeout) {
		String payload = this.json.createObjectNode().put("file_id", fileId).toString();
		BotApiResponse response = call("getFile", payload).block(timeout);
		if (response == null) {
			throw new FileSource.Unavailable("getFile timed out", true);
		}
		JsonNode result = response.result();
		if (response.ok() && result != null && result.path("file_path").isString()) {
			return new Described.Found(result.path("file_path").asString(), result.path("file_size").asLong(0));
		}
		if (response.kind() == BotApiResponse.Kind.REJECTED) {
			return String.valueOf(response.description()).contains("too big") ? new Described.TooLarge()
					: new Described.Refused("getFile refused: " + response.summary());
		}
		throw new FileSource.Unavailable("getFile failed: " + response.summary(), true);
	}

	/**
	 * A file's path as {@code getFile} gives it ({@code voice/file_12.oga}): segments of
	 * letters, digits, dots, dashes and underscores.
	 */
	private static final java.util.regex.Pattern FILE_PATH = java.util.regex.Pattern
		.compile("[A-Za-z0-9_.-]{1,128}(/[A-Za-z0-9_.-]{1,128}){0,7}");

	/**
	 * The bytes of a file {@code getFile} described, as they arrive. The download URL
	 * holds the bot token, so the path is a template ({@code /file/bot{token}/{s0}/…})
	 * and a failure is a {@link FileSource.Unavailable} that names only its kind.
	 */
	@Override
	public Flux<DataBuffer> download(String filePath, Duration timeout) {
		if (!FILE_PATH.matcher(filePath).matches() || filePath.contains("..")) {
			return Flux
				.error(new FileSource.Unavailable("Telegram gave a file path this client does not accept", false));
		}
		String[] segments = filePath.split("/");
		StringBuilder template = new StringBuilder("/file/bot{token}");
		Object[] variables = new Object[segments.length + 1];
		variables[0] = this.token;
		for (int i = 0; i < segments.length; i++) {
			template.append("/{s").append(i).append('}');
			variables[i + 1] = segments[i];
		}
		return this.webClient.get().uri(template.toString(), variables).exchangeToFlux((response) -> {
			int status = response.statusCode().value();
			if (status == 200) {
				return response.bodyToFlux(DataBuffer.class);
			}
			// A file path works for an hour: after a 404 a retry asks getFile for a new
			// one.
			// Other 4xx answers will not get better.
			boolean retry = status == 429 || status >= 500 || status == 401 || status == 404;
			return response.releaseBody()
				.thenMany(Flux.<DataBuffer>error(new FileSource.Unavailable("Telegram answered " + status, retry)));
		})
			.timeout(timeout)
			.onErrorMap((ex) -> !(ex instanceof FileSource.Unavailable),
					(ex) -> new FileSource.Unavailable(describe(ex), true));
	}

	private @Nullable JsonNode parse(byte[] body) {
		try {
			return (body.length == 0) ? null : this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The failure's kind, never its message: Netty and WebClient put the request URL into
	 * messages.
	 */
	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		if (ex instanceof TimeoutException || cause instanceof TimeoutException
				|| cause.getClass().getSimpleName().contains("Timeout")) {
			return "timed out";
		}
		return "transport failure (" + cause.getClass().getSimpleName() + ")";
	}

}
