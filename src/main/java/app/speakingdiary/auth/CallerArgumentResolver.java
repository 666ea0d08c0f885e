package app.speakingdiary.auth;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets a handler take a {@link Caller} parameter: the call is authenticated before the handler runs. */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	private final RequestAuthenticator authenticator;

	CallerArgumentResolver(RequestAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Caller.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context,
			ServerWebExchange exchange) {
		return this.authenticator.authenticate(exchange.getRequest()).cast(Object.class);
	}

}
