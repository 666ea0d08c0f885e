package app.speakingdiary.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * API answers carry session tokens and diary entries: {@code Cache-Control: no-store}
 * keeps them out of every cache between the Mini App and us (and out of the WebView's
 * disk cache), errors included. A handler that sets its own policy (the OpenAPI
 * description) keeps it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class NoStoreApiResponses implements WebFilter {

	private static final String NO_STORE = "no-store";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getPath().value().startsWith("/api/")) {
			exchange.getResponse().beforeCommit(() -> {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
					headers.setCacheControl(NO_STORE);
				}
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

}
