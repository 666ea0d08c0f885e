package app.speakingdiary.auth;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;
import app.speakingdiary.system.BlockingJdbc;
import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;

/**
 * Sessions from the Mini App's side. Valid initData is exchanged for a session token: a
 * Mini App opened from the menu button or a t.me link carries no {@code ?session=}, and
 * this is how it signs in. A token can end itself (log out).
 */
@RestController
class SessionController {

	private final RequestAuthenticator authenticator;

	private final AuthenticatedCalls calls;

	private final TelegramUsers users;

	private final Sessions sessions;

	private final RateLimits rateLimits;

	private final int perMinute;

	private final BlockingJdbc blocking;

	private final TransactionTemplate transactions;

	SessionController(RequestAuthenticator authenticator, AuthenticatedCalls calls, TelegramUsers users,
			Sessions sessions, RateLimits rateLimits, DiaryProperties properties, BlockingJdbc blocking,
			TransactionTemplate transactions) {
		this.authenticator = authenticator;
		this.calls = calls;
		this.users = users;
		this.sessions = sessions;
		this.rateLimits = rateLimits;
		this.perMinute = properties.sessions().perMinute();
		this.blocking = blocking;
		this.transactions = transactions;
	}

	record IssuedSession(String sessionToken, long userId) {

		@Override
		public String toString() {
			return "IssuedSession[sessionToken=redacted, userId=" + this.userId + "]";
		}

	}

	@PostMapping(path = "/api/telegram/session", produces = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<IssuedSession> exchange(ServerHttpRequest request) {
		InitData.User user = this.authenticator.requireSignedUser(request);
		TelegramProfile profile = new TelegramProfile(user.id(), user.firstName(), user.lastName(), user.username(),
				user.languageCode());
		return this.blocking.call(() -> this.transactions.execute((status) -> {
			this.users.upsert(profile, false);
			this.rateLimits.check(profile.id(), RateLimits.Action.SESSION_ISSUE, this.perMinute);
			return new IssuedSession(this.sessions.issue(profile.id()).token(), profile.id());
		}));
	}

	/** Logs this token out; the user's other sessions (other devices) stay. */
	@DeleteMapping("/api/telegram/session")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> logOut(Credentials credentials) {
		return this.calls.call(credentials, (caller) -> {
			this.sessions.revoke(caller.session().id());
			return caller;
		}).then();
	}

}
