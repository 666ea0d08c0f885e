package app.speakingdiary.transcription;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.speakingdiary.config.DiaryProperties;

/**
 * An OpenAI-compatible speech-to-text server ({@code POST {STT_URL}}, multipart
 * {@code file}, {@code model}, {@code language}): whisper.cpp's server, faster-whisper
 * servers, LocalAI, or a hosted API. Answers are sorted into what the caller does next;
 * nothing here throws.
 */
@Component
class SpeechToText {

	/** What a request came to. */
	sealed interface Result {

		/** The server's transcript. */
		record Text(String text) implements Result {
		}

		/** 429, 5xx, a timeout, a dropped connection or an answer that is not JSON. */
		record Retry(String reason) implements Result {
		}

		/** The server refused the file (4xx): asking again will not help. */
		record Refused(String reason) implements Result {
		}

	}

	/** The largest answer read: a transcript is at most 65,536 characters. */
	static final int MAX_ANSWER = 2 * 1024 * 1024;

	private final DiaryProperties.Speech settings;

	private final WebClient webClient;

	private final JsonMapper json;

	SpeechToText(WebClient.Builder builder, DiaryProperties properties, JsonMapper json) {
		this.settings = properties.speech();
		this.json = json;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
			.responseTimeout(this.settings.timeout());
		// A transcript of a long recording is far larger than a Bot API answer.
		this.webClient = builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER))
			.build();
	}

	boolean enabled() {
		return this.settings.enabled();
	}

	/** Blocking: for background work only. */
	Result transcribe(Flux<DataBuffer> file, String fileName, String mimeType, @Nullable String language) {
		String url = this.settings.url();
		if (url == null) {
			return new Result.Refused("no speech-to-text server is configured");
		}
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.asyncPart("file", file, DataBuffer.class)
			.filename(fileName)
			.contentType(MediaType.parseMediaType(mimeType));
		body.part("model", this.settings.model());
		if (language != null) {
			body.part("language", language);
		}
		body.part("response_format", "json");
		String apiKey = this.settings.apiKey();
		Result result = this.webClient.post().uri(url).headers((headers) -> {
			if (apiKey != null) {
				headers.setBearerAuth(apiKey);
			}
		})
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> answer(response.statusCode().value(), bytes)))
			.timeout(this.settings.timeout().plus(Duration.ofSeconds(5)))
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> Mono.just(new Result.Refused("the server's answer is over " + MAX_ANSWER + " bytes")))
			.onErrorResume((ex) -> Mono.just(new Result.Retry(describe(ex))))
			.block();
		return (result != null) ? result : new Result.Retry("no answer");
	}

	private Result answer(int status, byte[] body) {
		if (status == 429 || status >= 500) {
			return new Result.Retry("the server answered " + status);
		}
		if (status != 200) {
			return new Result.Refused("the server answered " + status);
		}
		try {
			JsonNode text = this.json.readTree(body).path("text");
			return text.isString() ? new Result.Text(text.asString())
					: new Result.Retry("the server's answer has no text");
		}
		catch (JacksonException ex) {
			return new Result.Retry("the server's answer is not JSON");
		}
	}

	/** The failure's kind: its message could carry the URL, and the URL credentials. */
	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String name = cause.getClass().getSimpleName();
		return name.contains("Timeout") ? "timed out" : "transport failure (" + name + ")";
	}

	/**
	 * The ISO 639-1 code Whisper expects, from Telegram's IETF tag ({@code pt-br} →
	 * {@code pt}); null lets the server detect the language.
	 */
	static @Nullable String language(@Nullable String languageCode) {
		if (languageCode == null) {
			return null;
		}
		String primary = languageCode.split("-", 2)[0].toLowerCase(java.util.Locale.ROOT);
		return primary.matches("[a-z]{2}") ? primary : null;
	}

}
