package app.speakingdiary.telegram.botapi;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import app.speakingdiary.config.DiaryProperties;
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
public class BotApiClient {

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
