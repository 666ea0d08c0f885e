package app.speakingdiary.auth;

/** initData that failed validation, with a machine-readable {@link #reason()}. */
public class InitDataException extends RuntimeException {

	private final Reason reason;

	public InitDataException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		/** No initData at all. */
		MISSING,
		/** Not a query string of URL-encoded pairs. */
		MALFORMED,
		/**
		 * A key appears twice: a validator keeping one of them would let a prepended
		 * field through.
		 */
		DUPLICATE_KEY,
		/** No {@code hash} field. */
		HASH_MISSING,
		/** {@code hash} is not 64 hex digits. */
		HASH_MALFORMED,
		/**
		 * The HMAC (or the Ed25519 signature) does not match: forged, altered, or for
		 * another bot.
		 */
		SIGNATURE_INVALID,
		/** No {@code signature} field (Ed25519 validation). */
		SIGNATURE_MISSING,
		/** No {@code auth_date}. */
		AUTH_DATE_MISSING,
		/** {@code auth_date} is not a whole number of seconds. */
		AUTH_DATE_INVALID,
		/** {@code auth_date} is older than the allowed age: reopen the Mini App. */
		EXPIRED,
		/** {@code auth_date} is further in the future than clock skew explains. */
		FROM_THE_FUTURE,
		/**
		 * {@code user}, {@code receiver} or {@code chat} is not the JSON object Telegram
		 * sends.
		 */
		USER_INVALID;

		/** The reason as it appears in API problems: lower case with underscores. */
		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
