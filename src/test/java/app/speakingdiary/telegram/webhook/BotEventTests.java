package app.speakingdiary.telegram.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import app.speakingdiary.support.Fixtures;
import app.speakingdiary.telegram.webhook.BotEvent.Help;
import app.speakingdiary.telegram.webhook.BotEvent.Ignored;
import app.speakingdiary.telegram.webhook.BotEvent.MembershipChanged;
import app.speakingdiary.telegram.webhook.BotEvent.StartInGroup;
import app.speakingdiary.telegram.webhook.BotEvent.StartInPrivate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BotEventTests {

	// Named as the service names them (spring.jackson.property-naming-strategy:
	// SNAKE_CASE).
	private final UpdateParser parser = new UpdateParser(JsonMapper.builder()
		.propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
		.build());

	@Test
	void readsAPrivateStartWithTheUsersProfile() {
		BotEvent event = BotEvent.of(this.parser.parse(Fixtures.update("01-private-start").getBytes()));

		assertThat(event).isInstanceOfSatisfying(StartInPrivate.class, (start) -> {
			assertThat(start.chatId()).isEqualTo(12345678L);
			assertThat(start.user().firstName()).isEqualTo("FistName");
			assertThat(start.user().languageCode()).isEqualTo("en");
			assertThat(start.payload()).isNull();
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "/start|null", "/start abc_DEF-123|abc_DEF-123", "/start@SpeakingDiaryBot|null",
					"/start@SpeakingDiaryBot ref-42|ref-42", "  /start  x  |x", "/start has spaces|null",
					"/start bad!chars|null", "/start é|null" })
	void keepsOnlyAValidDeepLinkPayload(String text, String payload) {
		BotEvent event = BotEvent.of(this.parser.parse(Fixtures.privateText(text).getBytes()));

		assertThat(event).isInstanceOfSatisfying(StartInPrivate.class,
				(start) -> assertThat(start.payload()).isEqualTo(payload));
	}

	@Test
	void dropsAPayloadLongerThanTelegramAllows() {
		String text = "/start " + "a".repeat(65);

		assertThat(BotEvent.of(this.parser.parse(Fixtures.privateText(text).getBytes())))
			.isInstanceOfSatisfying(StartInPrivate.class, (start) -> assertThat(start.payload()).isNull());
		assertThat(BotEvent.of(this.parser.parse(Fixtures.privateText("/start " + "a".repeat(64)).getBytes())))
			.isInstanceOfSatisfying(StartInPrivate.class, (start) -> assertThat(start.payload()).hasSize(64));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/help", "/startle", "/stop", "/help@SpeakingDiaryBot", "  /unknown words" })
	void answersOtherCommandsWithHelp(String text) {
		assertThat(BotEvent.of(this.parser.parse(Fixtures.privateText(text).getBytes()))).isInstanceOf(Help.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "hello there", "start /start later", "Сегодня 🌧" })
	void takesAnyOtherPrivateTextForADiaryEntry(String text) {
		assertThat(BotEvent.of(this.parser.parse(Fixtures.privateText(text).getBytes())))
			.isInstanceOfSatisfying(BotEvent.TextInPrivate.class, (entry) -> {
				assertThat(entry.text()).isEqualTo(text);
				assertThat(entry.user().id()).isEqualTo(42);
			});
	}

	@Test
	void answersAPressOnAButtonItDoesNotKnowWithoutActing() {
		assertThat(BotEvent.of(this.parser.parse(Fixtures.update("11-callback-query-private").getBytes())))
			.isInstanceOf(BotEvent.UnknownButton.class);
	}

	@Test
	void readsAGroupStartAddressedToABot() {
		BotEvent event = BotEvent.of(this.parser.parse(Fixtures.update("03-supergroup-start-at-botname").getBytes()));

		assertThat(event).isInstanceOfSatisfying(StartInGroup.class, (start) -> {
			assertThat(start.chatId()).isEqualTo(-1001650852901L);
			assertThat(start.addressedTo()).isEqualTo("swantabot");
			assertThat(start.payload()).isEqualTo("PingGroup");
		});
	}

	@Test
	void takesAGroupWithAUsersPositiveIdForAForgeryAndIgnoresIt() {
		String forged = Fixtures.update("03-supergroup-start-at-botname").replace("-1001650852901", "221287654");

		assertThat(BotEvent.of(this.parser.parse(forged.getBytes()))).isInstanceOf(BotEvent.Ignored.class);
	}

	@Test
	void takesAPrivateChatThatIsNotTheSendersForAForgery() {
		String forged = Fixtures.privateText("/start").replace("\"chat\":{\"id\":42", "\"chat\":{\"id\":43");

		assertThat(BotEvent.of(this.parser.parse(forged.getBytes()))).isInstanceOf(BotEvent.Invalid.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "06-edited-message-supergroup", "14-channel-post-sender-chat",
			"16-supergroup-text-message", "19-unknown-update-kind", "21-message-reaction-premium-user" })
	void ignoresWhatTheBotDoesNotHandle(String fixture) {
		assertThat(BotEvent.of(this.parser.parse(Fixtures.update(fixture).getBytes()))).isInstanceOf(Ignored.class);
	}

	@Test
	void aPrivatePhotoIsAnEntryWithItsLargestSize() {
		BotEvent event = BotEvent.of(this.parser.parse(Fixtures.update("08-private-photo-no-text").getBytes()));

		assertThat(event).isInstanceOf(BotEvent.MediaInPrivate.class);
		BotEvent.MediaInPrivate photo = (BotEvent.MediaInPrivate) event;
		assertThat(photo.caption()).isEmpty();
		assertThat(photo.file()).isEqualTo(new app.speakingdiary.media.Attachment("photo", "FILEID", "FILEID",
				"image/jpeg", null, 720, 1280, 114661L));
	}

	@Test
	void ignoresAMembershipChangeWithoutARealUser() {
		// The fixture's chat id is 0: no Telegram user has it.
		assertThat(BotEvent.of(this.parser.parse(Fixtures.update("13-my-chat-member-kicked-private").getBytes())))
			.isInstanceOf(Ignored.class);
	}

	@Test
	void readsABlockAndAnUnblockInAPrivateChat() {
		String kicked = Fixtures.update("13-my-chat-member-kicked-private").replace("\"id\":0", "\"id\":5001");
		String member = kicked.replace("\"status\":\"kicked\"", "\"status\":\"member\"");

		assertThat(BotEvent.of(this.parser.parse(kicked.getBytes()))).isEqualTo(new MembershipChanged(5001, true));
		assertThat(BotEvent.of(this.parser.parse(member.getBytes()))).isEqualTo(new MembershipChanged(5001, false));
	}

	@Test
	void keepsIdsBeyondThirtyTwoBits() {
		String update = Fixtures.privateText("/start").replace("\"id\":42", "\"id\":9007199254740991");

		assertThat(BotEvent.of(this.parser.parse(update.getBytes()))).isInstanceOfSatisfying(StartInPrivate.class,
				(start) -> assertThat(start.user().id()).isEqualTo(9007199254740991L));
	}

}
