package app.speakingdiary.telegram.setup;

import org.awaitility.Awaitility;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.support.TestProperties;
import app.speakingdiary.telegram.botapi.BotApiClient;
import app.speakingdiary.telegram.replies.BotReplies;
import app.speakingdiary.telegram.replies.WebAppLinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BotSetupIntegrationTests extends IntegrationTest {

	@Autowired
	private BotApiClient client;

	@Autowired
	private BotReplies replies;

	@Autowired
	private WebAppLinks links;

	@Autowired
	private JsonMapper json;

	@Autowired
	private DiaryProperties properties;

	@Test
	void setsTheCommandsInBothLanguagesAndTheMenuButtonWhenAskedTo() {
		setup(true).configureBot();

		var commands = botApi.await("setMyCommands", 3, Duration.ofSeconds(5));
		assertThat(commands).extracting((call) -> call.body().path("language_code").asString("default"))
			.containsExactly("default", "ru", "en");
		assertThat(commands.get(2).body().at("/commands/0/command").asString()).isEqualTo("start");
		assertThat(commands.get(2).body().at("/commands/1/command").asString()).isEqualTo("help");
		JsonNode menu = botApi.await("setChatMenuButton", 1, Duration.ofSeconds(5)).get(0).body().get("menu_button");
		assertThat(menu.get("type").asString()).isEqualTo("web_app");
		assertThat(menu.at("/web_app/url").asString()).startsWith("https://diary.example.org/app/?v=")
			.doesNotContain("session=");
	}

	@Test
	void leavesTheBotAloneByDefaultAndNeverTouchesTheWebhook() throws InterruptedException {
		setup(false).configureBot();

		Awaitility.await()
			.during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(1))
			.until(() -> botApi.calls().isEmpty());
	}

	private BotSetup setup(boolean enabled) {
		DiaryProperties withSetup = TestProperties.bind("telegram.api-url", this.properties.telegram().apiUrl(),
				"webapp.url", this.properties.webapp().url(), "telegram.setup-on-startup", String.valueOf(enabled));
		return new BotSetup(this.client, this.replies, this.links, this.json, withSetup);
	}

}
