package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import tools.jackson.databind.JsonNode;

import app.speakingdiary.system.InvalidRequestException;
import app.speakingdiary.user.TimeZones;
import org.springframework.web.bind.annotation.RestController;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;

/** The caller's Telegram profile as the service knows it, and their session's times. */
@RestController
class ProfileController {

	private final TelegramUsers users;

	private final Limits limits;

	private final TimeZones timeZones;

	ProfileController(TelegramUsers users, TimeZones timeZones, DiaryProperties properties) {
		this.users = users;
		this.timeZones = timeZones;
		this.limits = new Limits(properties.notes().maxLength());
	}

	record Profile(User user, Session session, Limits limits) {
	}

	record Limits(int noteMaxLength) {
	}

	record User(long id, @Nullable String firstName, @Nullable String lastName, @Nullable String username,
			@Nullable String languageCode, String timeZone, boolean timeZoneChosen) {
	}

	record Session(Instant createdAt, Instant lastSeen) {
	}

	@GetMapping(path = "/api/telegram/me", produces = "application/json")
	Profile me(Caller caller) {
		return profile(caller, this.timeZones.of(caller.userId()));
	}

	/**
	 * Changes what the user may change of their profile: {@code time_zone}, an IANA name
	 * such as {@code Europe/Berlin}, which decides the days of the calendar.
	 */
	@PatchMapping(path = "/api/telegram/me", consumes = "application/json", produces = "application/json")
	Profile change(Caller caller, @RequestBody JsonNode body) {
		if (body == null || !body.isObject() || !body.path("time_zone").isString() || body.size() != 1) {
			throw new InvalidRequestException(
					"The body must be a JSON object such as {\"time_zone\": \"Europe/Berlin\"}.");
		}
		return profile(caller, this.timeZones.set(caller.userId(), body.path("time_zone").asString()));
	}

	private Profile profile(Caller caller, TimeZones.UserZone zone) {
		TelegramProfile profile = this.users.find(caller.userId()).orElseThrow();
		return new Profile(
				new User(profile.id(), profile.firstName(), profile.lastName(), profile.username(),
						profile.languageCode(), zone.zone().getId(), zone.chosen()),
				new Session(caller.session().createdAt(), caller.session().lastSeen()), this.limits);
	}

}
