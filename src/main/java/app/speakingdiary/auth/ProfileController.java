package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;

/** The caller's Telegram profile as the service knows it, and their session's times. */
@RestController
class ProfileController {

	private final TelegramUsers users;

	private final Limits limits;

	ProfileController(TelegramUsers users, DiaryProperties properties) {
		this.users = users;
		this.limits = new Limits(properties.notes().maxLength());
	}

	record Profile(User user, Session session, Limits limits) {
	}

	record Limits(int noteMaxLength) {
	}

	record User(long id, @Nullable String firstName, @Nullable String lastName, @Nullable String username,
			@Nullable String languageCode) {
	}

	record Session(Instant createdAt, Instant lastSeen) {
	}

	@GetMapping(path = "/api/telegram/me", produces = "application/json")
	Profile me(Caller caller) {
		TelegramProfile profile = this.users.find(caller.userId()).orElseThrow();
		return new Profile(
				new User(profile.id(), profile.firstName(), profile.lastName(), profile.username(),
						profile.languageCode()),
				new Session(caller.session().createdAt(), caller.session().lastSeen()), this.limits);
	}

}
