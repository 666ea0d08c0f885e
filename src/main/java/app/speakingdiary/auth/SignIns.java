package app.speakingdiary.auth;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;
import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;

/**
 * Signs in the user of valid initData: their profile is kept up to date and a session is
 * issued within the per-minute limit, in one transaction, so that a refused sign-in
 * issues nothing.
 */
@Service
class SignIns {

	private final TelegramUsers users;

	private final Sessions sessions;

	private final RateLimits rateLimits;

	private final int perMinute;

	SignIns(TelegramUsers users, Sessions sessions, RateLimits rateLimits, DiaryProperties properties) {
		this.users = users;
		this.sessions = sessions;
		this.rateLimits = rateLimits;
		this.perMinute = properties.sessions().perMinute();
	}

	/** The new session's token. */
	@Transactional
	public String signIn(InitData.User user) {
		TelegramProfile profile = new TelegramProfile(user.id(), user.firstName(), user.lastName(), user.username(),
				user.languageCode());
		this.users.upsert(profile, false);
		this.rateLimits.check(profile.id(), RateLimits.Action.SESSION_ISSUE, this.perMinute);
		return this.sessions.issue(profile.id()).token();
	}

}
