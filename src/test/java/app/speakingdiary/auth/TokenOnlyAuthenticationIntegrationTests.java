package app.speakingdiary.auth;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.IntegrationTest;

/**
 * TELEGRAM_INITDATA_REQUIRED=false admits token-only clients, but initData that is sent
 * is still checked.
 */
@TestPropertySource(properties = "diary.telegram.init-data-required=false")
class TokenOnlyAuthenticationIntegrationTests extends IntegrationTest {

	@Test
	void admitsACallWithTheTokenAlone() {
		ApiUser ada = newUser(501);

		this.http.get()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", ada.token())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user_id")
			.isEqualTo(501);
	}

	@Test
	void stillRefusesInvalidOrForeignInitData() {
		ApiUser ada = newUser(502);
		ApiUser bob = newUser(503);

		this.http.get()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", ada.token())
			.header("Authorization", "tma " + new InitDataSigner("9:other-bot").forUser(502, "A", "ru", 1_900_000_000L))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.get()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", ada.token())
			.header("Authorization", "tma " + bob.initData())
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void stillRequiresAToken() {
		this.http.get()
			.uri("/api/telegram/notes")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("session_missing");
	}

}
