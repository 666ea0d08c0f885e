package app.speakingdiary.auth;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets a handler take the {@link InitData.User} of valid initData, checked in memory on
 * the event loop: a call without it, or with forged initData, is refused before the
 * handler is queued for a JDBC thread.
 */
@Component
class SignedUserArgumentResolver implements HandlerMethodArgumentResolver {

	private final RequestAuthenticator authenticator;

	SignedUserArgumentResolver(RequestAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return InitData.User.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> this.authenticator.requireSignedUser(exchange.getRequest()));
	}

}
