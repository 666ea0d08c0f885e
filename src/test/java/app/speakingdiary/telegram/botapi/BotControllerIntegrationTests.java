package app.speakingdiary.telegram.botapi;

import org.junit.jupiter.api.Test;

import app.speakingdiary.support.IntegrationTest;

/**
 * The bot's address for a page opened outside Telegram, which has nothing else to go on.
 */
class BotControllerIntegrationTests extends IntegrationTest {

	@Test
	void answersTheBotsUsernameAndChatLinkWithoutCredentialsAndLetsCachesKeepIt() {
		this.http.get()
			.uri("/api/telegram/bot")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "max-age=3600, public")
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(botApi.botUsername())
			.jsonPath("$.url")
			.isEqualTo("https://t.me/" + botApi.botUsername());
	}

}
