package app.speakingdiary.user;

import org.jspecify.annotations.Nullable;

/**
 * A Telegram user as Telegram describes them, from an update or from initData. The names
 * come from the user and anyone who can post an update: control characters (a NUL cannot
 * even be stored) are dropped and the length is bounded, so that a profile never stops an
 * update or a sign-in from being recorded.
 */
public record TelegramProfile(long id, @Nullable String firstName, @Nullable String lastName, @Nullable String username,
		@Nullable String languageCode) {

	/**
	 * Telegram allows 64 characters in a name; this leaves room without letting a forged
	 * profile grow unbounded.
	 */
	static final int MAX_LENGTH = 256;

	public TelegramProfile {
		if (id <= 0) {
			throw new IllegalArgumentException("Telegram user ids are positive");
		}
		firstName = clean(firstName);
		lastName = clean(lastName);
		username = clean(username);
		languageCode = clean(languageCode);
	}

	private static @Nullable String clean(@Nullable String value) {
		if (value == null) {
			return null;
		}
		StringBuilder out = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean control = c < 0x20 || c == 0x7f;
			if (control && out == null) {
				out = new StringBuilder(value.length()).append(value, 0, i);
			}
			else if (!control && out != null) {
				out.append(c);
			}
		}
		String cleaned = (out != null) ? out.toString() : value;
		if (cleaned.codePointCount(0, cleaned.length()) > MAX_LENGTH) {
			cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_LENGTH));
		}
		return cleaned;
	}

}
