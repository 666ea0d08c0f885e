package app.speakingdiary.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import app.speakingdiary.system.BlockingJdbc;

/**
 * Exchanges valid initData for a session token. A Mini App opened from the menu button or a t.me link carries no
 * {@code ?session=}; this is how it signs in.
 */
@RestController
class SessionController {

	private final RequestAuthenticator authenticator;

	private final TelegramUsers users;

	private final Sessions sessions;

	private final BlockingJdbc blocking;

	private final TransactionTemplate transactions;

	SessionController(RequestAuthenticator authenticator, TelegramUsers users, Sessions sessions,
			BlockingJdbc blocking, TransactionTemplate transactions) {
		this.authenticator = authenticator;
		this.users = users;
		this.sessions = sessions;
		this.blocking = blocking;
		this.transactions = transactions;
	}

	record IssuedSession(@JsonProperty("session_token") String sessionToken, @JsonProperty("user_id") long userId) {
	}

	@PostMapping(path = "/api/telegram/session", produces = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<IssuedSession> exchange(ServerHttpRequest request) {
		InitData.User user = this.authenticator.requireInitData(request).user();
		TelegramProfile profile = new TelegramProfile(user.id(), user.firstName(), user.lastName(), user.username(),
				user.languageCode());
		return this.blocking.call(() -> this.transactions.execute((status) -> {
			this.users.upsert(profile, false);
			return new IssuedSession(this.sessions.issue(profile.id()), profile.id());
		}));
	}

}
