package app.speakingdiary.auth;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import app.speakingdiary.session.Sessions;

/**
 * Sessions from the Mini App's side. Valid initData is exchanged for a session token: a
 * Mini App opened from the menu button or a t.me link carries no {@code ?session=}, and
 * this is how it signs in. A token can end itself (log out).
 */
@RestController
class SessionController {

	private final SignIns signIns;

	private final Sessions sessions;

	SessionController(SignIns signIns, Sessions sessions) {
		this.signIns = signIns;
		this.sessions = sessions;
	}

	record IssuedSession(String sessionToken, long userId) {

		@Override
		public String toString() {
			return "IssuedSession[sessionToken=redacted, userId=" + this.userId + "]";
		}

	}

	@PostMapping(path = "/api/telegram/session", produces = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	IssuedSession exchange(InitData.User user) {
		return new IssuedSession(this.signIns.signIn(user), user.id());
	}

	/** Logs this token out; the user's other sessions (other devices) stay. */
	@DeleteMapping("/api/telegram/session")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logOut(Caller caller) {
		this.sessions.revoke(caller.session().id());
	}

}
