package app.speakingdiary.auth;

import org.junit.jupiter.api.Test;

import app.speakingdiary.session.SessionTokens;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsTests {

	@Test
	void neverPrintsTheSessionToken() {
		String token = SessionTokens.newToken();

		assertThat(new Credentials(token, null).toString()).doesNotContain(token)
			.isEqualTo("Credentials[sessionToken=redacted, user=none]");
	}

}
