package app.speakingdiary.system;

import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses oversized bodies with 413 before they are buffered: 1 MiB for Telegram's
 * webhook (updates are far smaller), 64 KiB for the rest of the API. A declared
 * Content-Length is checked at once; a chunked body is counted as it arrives.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimits implements WebFilter {

	static final long WEBHOOK_LIMIT = 1024 * 1024;

	static final long API_LIMIT = 64 * 1024;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long limit = request.getPath().value().startsWith("/api/telegram/webhook") ? WEBHOOK_LIMIT : API_LIMIT;
		long declared = request.getHeaders().getContentLength();
		if (declared > limit) {
			return tooLarge(exchange, limit);
		}
		return chain.filter(exchange.mutate().request(new Counting(request, limit)).build());
	}

	private static Mono<Void> tooLarge(ServerWebExchange exchange, long limit) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String body = """
				{"type":"https://www.rfc-editor.org/rfc/rfc9110#status.413","title":"Content Too Large","status":413,\
				"detail":"The request body is larger than %d bytes.","instance":"%s"}""".formatted(limit,
				exchange.getRequest().getPath().value().replace("\"", ""));
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

	private static final class Counting extends ServerHttpRequestDecorator {

		private final long limit;

		Counting(ServerHttpRequest delegate, long limit) {
			super(delegate);
			this.limit = limit;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > this.limit) {
					org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
					sink.error(new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
							"The request body is larger than " + this.limit + " bytes."));
					return;
				}
				sink.next(buffer);
			});
		}

	}

}
