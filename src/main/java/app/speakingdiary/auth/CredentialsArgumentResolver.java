package app.speakingdiary.auth;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets a handler take a {@link Credentials} parameter: a call without a token or with
 * invalid initData is refused before the handler runs, without a database call. The
 * handler passes them to {@link AuthenticatedCalls}.
 */
@Component
class CredentialsArgumentResolver implements HandlerMethodArgumentResolver {

	private final RequestAuthenticator authenticator;

	CredentialsArgumentResolver(RequestAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Credentials.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> this.authenticator.credentials(exchange.getRequest()));
	}

}
