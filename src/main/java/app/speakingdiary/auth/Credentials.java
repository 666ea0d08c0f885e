package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;

/**
 * What an API call presents, checked in memory: its session token and its validated
 * initData ({@code null} only for token-only clients, admitted when
 * TELEGRAM_INITDATA_REQUIRED=false). {@link RequestAuthenticator#caller} then looks the
 * session up.
 */
record Credentials(String sessionToken, @Nullable InitData initData) {

	/** The token is a bearer credential: never in a log line or an error. */
	@Override
	public String toString() {
		return "Credentials[sessionToken=redacted, user="
				+ ((this.initData == null || this.initData.user() == null) ? "none" : this.initData.user().id()) + "]";
	}

}
