package app.speakingdiary.media;

import java.util.Locale;

/** Where an entry's file stands; the API shows it in lower case. */
public enum MediaStatus {

	/** Waiting for the download. */
	PENDING,
	/** The bytes are kept. */
	STORED,
	/** Over the Bot API's download limit: Telegram does not give bots the file. */
	TOO_LARGE,
	/** The user's storage was full when the message came. */
	OVER_QUOTA,
	/** The download was given up. */
	FAILED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static MediaStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
