package app.speakingdiary.system;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;

/**
 * Takes {@code ?secret=} and {@code ?session=} out of every request's URL before anything
 * else sees it, so that no log line can hold them: Spring's own error log writes the
 * whole URI, for instance when a chunked body is malformed, and it sees the request as
 * this decorator hands it on. By default the values are dropped (the webhook and the API
 * then find no credential and answer 401); with LEGACY_QUERY_CREDENTIALS=true they are
 * moved into the headers that carry them today, for clients that still put them in the
 * URL.
 */
@Component
class QueryCredentials implements HttpHandlerDecoratorFactory {

	/** Query parameter → the header that carries the same credential. */
	static final Map<String, String> HEADERS = Map.of("secret", "X-Telegram-Bot-Api-Secret-Token", "session",
			"X-Session-Token");

	private final boolean moveToHeaders;

	QueryCredentials(DiaryProperties properties) {
		this.moveToHeaders = properties.http().legacyQueryCredentials();
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> handler.handle(withoutCredentials(request), response);
	}

	ServerHttpRequest withoutCredentials(ServerHttpRequest request) {
		String query = request.getURI().getRawQuery();
		if (query == null || !(query.contains("secret") || query.contains("session"))) {
			return request;
		}
		StringBuilder kept = new StringBuilder();
		ServerHttpRequest.Builder changed = request.mutate();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq));
			String header = (name != null) ? HEADERS.get(name) : null;
			if (header == null) {
				kept.append(kept.isEmpty() ? "" : "&").append(pair);
				continue;
			}
			String value = (eq < 0) ? null : decode(pair.substring(eq + 1));
			if (this.moveToHeaders && value != null && !value.isBlank()
					&& !request.getHeaders().containsHeader(header)) {
				changed.header(header, value);
			}
		}
		// The rest of the query as it came: each kept pair was valid in the original URI,
		// so it is in this one.
		String raw = request.getURI().toString();
		String base = raw.substring(0, raw.indexOf('?'));
		return changed.uri(URI.create(kept.isEmpty() ? base : base + "?" + kept)).build();
	}

	/**
	 * Form decoding; a malformed escape leaves the pair out of the credentials and in the
	 * query as it was.
	 */
	private static @Nullable String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
