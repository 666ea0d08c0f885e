package app.speakingdiary.auth;

import java.util.function.Function;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import app.speakingdiary.system.BlockingJdbc;

/**
 * Runs an API call's database work for the user its credentials name. The session lookup
 * and the work share one task on a JDBC thread: one hop off the event loop per call
 * instead of two, which is most of a short call's cost.
 */
@Component
public class AuthenticatedCalls {

	private final RequestAuthenticator authenticator;

	private final BlockingJdbc blocking;

	AuthenticatedCalls(RequestAuthenticator authenticator, BlockingJdbc blocking) {
		this.authenticator = authenticator;
		this.blocking = blocking;
	}

	/**
	 * {@code work} runs only once the session is found active and matches initData's
	 * user.
	 */
	public <T> Mono<T> call(Credentials credentials, Function<Caller, T> work) {
		return this.blocking.call(() -> work.apply(this.authenticator.caller(credentials)));
	}

}
