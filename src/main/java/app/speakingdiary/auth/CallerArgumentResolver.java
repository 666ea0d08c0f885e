package app.speakingdiary.auth;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import app.speakingdiary.system.BlockingJdbc;

/**
 * Lets a handler take the {@link Caller}: the handler runs only for a call whose
 * credentials hold. Credentials are checked in memory first, so a call without a token or
 * with forged initData is refused without a database call; the session is then looked up
 * on a JDBC thread.
 */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	private final RequestAuthenticator authenticator;

	private final BlockingJdbc blocking;

	CallerArgumentResolver(RequestAuthenticator authenticator, BlockingJdbc blocking) {
		this.authenticator = authenticator;
		this.blocking = blocking;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Caller.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> this.authenticator.credentials(exchange.getRequest()))
			.flatMap((credentials) -> this.blocking.call(() -> this.authenticator.caller(credentials)));
	}

}
