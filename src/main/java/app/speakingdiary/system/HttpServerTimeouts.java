package app.speakingdiary.system;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;

import app.speakingdiary.config.DiaryProperties;

/**
 * Bounds how long a client may hold a connection without doing its part: waiting for a
 * request (idle), pausing inside a request body (read), or sending one request (request).
 * Reactor Netty sets none by default, so a slow or idle client kept a connection for as
 * long as it liked. Headers that trickle in are bounded by Caddy's {@code read_header}
 * timeout in front of us.
 */
@Component
class HttpServerTimeouts implements NettyServerCustomizer {

	private final DiaryProperties.Http http;

	HttpServerTimeouts(DiaryProperties properties) {
		this.http = properties.http();
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.idleTimeout(this.http.idleTimeout())
			.readTimeout(this.http.readTimeout())
			.requestTimeout(this.http.requestTimeout());
	}

}
