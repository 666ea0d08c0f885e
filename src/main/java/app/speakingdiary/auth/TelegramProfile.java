package app.speakingdiary.auth;

/** A Telegram user as Telegram describes them, from an update or from initData. */
public record TelegramProfile(long id, String firstName, String lastName, String username, String languageCode) {

	public TelegramProfile {
		if (id <= 0) {
			throw new IllegalArgumentException("Telegram user ids are positive");
		}
	}

}
