package app.speakingdiary.webapp;

import org.awaitility.Awaitility;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.FakeSpeechToText;
import app.speakingdiary.support.IntegrationTest;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mini App in headless Chromium (Debian's chromium and chromedriver) against the
 * running service and a real PostgreSQL. The page is the real webapp/ folder served by
 * the service; telegram.org's WebApp script is replaced by a stand-in that, like
 * Telegram, takes initData from the URL fragment, so the backend's real validation runs.
 */
class MiniAppBrowserTests extends IntegrationTest {

	private static final String DARK_THEME = "{\"bg_color\":\"#17212b\",\"text_color\":\"#f5f5f5\","
			+ "\"hint_color\":\"#a9b3bd\",\"link_color\":\"#7cc0ff\",\"button_color\":\"#5aa7f0\","
			+ "\"button_text_color\":\"#0b1620\",\"secondary_bg_color\":\"#232e3c\"}";

	private static final String LIGHT_THEME = "{\"bg_color\":\"#ffffff\",\"text_color\":\"#1b1b1f\","
			+ "\"hint_color\":\"#5f6368\",\"link_color\":\"#1a62b8\",\"button_color\":\"#1a62b8\","
			+ "\"button_text_color\":\"#ffffff\",\"secondary_bg_color\":\"#f1f3f5\"}";

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static TelegramScriptStandIn telegram;

	private static ChromeDriver browser;

	@LocalServerPort
	private int port;

	@Autowired
	private TelegramUsers users;

	@Autowired
	private Sessions sessions;

	@BeforeAll
	static void startTheBrowser() {
		telegram = new TelegramScriptStandIn();
		browser = PhoneBrowser.start(telegram);
	}

	@AfterAll
	static void stopTheBrowser() {
		if (browser != null) {
			browser.quit();
		}
		if (telegram != null) {
			telegram.close();
		}
	}

	@BeforeEach
	void phoneSizedWindow() {
		browser.manage().window().setSize(new Dimension(390, 844));
	}

	@Test
	void opensWithTheSessionFromTheBotsLinkGreetsTheUserAndListsNotesNewestFirst() throws IOException {
		Person ada = person(301, "Ада", "ru");
		note(ada, "первая запись");
		note(ada, "вторая запись 📔");

		open(ada, ada.token(), LIGHT_THEME);

		waitFor(() -> noteTexts().size() == 2);
		assertThat(text("greeting")).isEqualTo("Привет, Ада!");
		assertThat(noteTexts()).containsExactly("вторая запись 📔", "первая запись");
		assertThat(browser.getCurrentUrl()).as("the token leaves the address bar")
			.doesNotContain("session=")
			.contains("v=7");
		assertThat(script("return Telegram.WebApp._calls")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("ready", "expand");
		assertThat(script("return document.documentElement.lang")).isEqualTo("ru");
		screenshot("main-light.png");
	}

	@Test
	void withoutASessionInTheLinkTradesInitDataForAToken() {
		Person ada = person(302, "Ада", "ru");
		note(ada, "из меню");

		open(ada, null, LIGHT_THEME);

		waitFor(() -> noteTexts().contains("из меню"));
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session WHERE user_id = 302").query(Long.class).single())
			.as("a second session, issued to the page")
			.isEqualTo(2);
	}

	@Test
	void writesANoteWithTheMainButtonAndCountsCharactersAsTheServerDoes() {
		Person ada = person(303, "Ада", "ru");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> text("tg-main-button").equals("Новая запись"));

		element("tg-main-button").click();
		waitFor(() -> text("tg-main-button").equals("Сохранить"));
		element("text").sendKeys("Привет 👋 мир");

		assertThat(text("counter")).isEqualTo("12 из 4096");
		element("tg-main-button").click();

		waitFor(() -> noteTexts().contains("Привет 👋 мир"));
		assertThat(text("tg-main-button")).as("the MainButton writes a note again").isEqualTo("Новая запись");
		assertThat(element("write").isDisplayed()).as("no page button doubles it").isFalse();
		assertThat(script("return Telegram.WebApp._calls")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("haptic:notification:success");
		assertThat(this.jdbc.sql("SELECT text FROM note WHERE user_id = 303").query(String.class).list())
			.containsExactly("Привет 👋 мир");
		assertThat(this.jdbc.sql("SELECT count(*) FROM idempotency_key WHERE user_id = 303").query(Long.class).single())
			.as("the save sent an Idempotency-Key")
			.isEqualTo(1);
	}

	@Test
	void keepsTheDraftAndSaysWhenToRetryOverTheWriteLimit() {
		Person ada = person(307, "Ада", "ru");
		awayFromAMinuteBoundary();
		this.jdbc.sql("""
				INSERT INTO rate_limit (user_id, action, window_start, hits)
				VALUES (307, 'note_write', date_bin('1 minute', now(), timestamptz 'epoch'), 30)""").update();
		open(ada, ada.token(), LIGHT_THEME);
		openComposer();
		element("text").sendKeys("Не потеряй меня");
		element("tg-main-button").click();

		waitFor(() -> text("compose-error").startsWith("Слишком много записей за минуту"));
		assertThat(element("text").getAttribute("value")).isEqualTo("Не потеряй меня");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void refusesABlankNoteAndATooLongOneBeforeSending() {
		Person ada = person(304, "Ада", "ru");
		open(ada, ada.token(), LIGHT_THEME);
		openComposer();

		element("text").sendKeys("   ");
		element("tg-main-button").click();
		assertThat(text("compose-error")).contains("пустую запись");
		element("text").sendKeys("а");
		assertThat(text("compose-error")).as("typing clears it").isEmpty();

		script("const t = document.getElementById('text'); t.value = 'я'.repeat(4097);"
				+ " t.dispatchEvent(new Event('input'));");
		assertThat(text("counter")).isEqualTo("4097 из 4096");
		assertThat(element("save").isEnabled()).isFalse();
		assertThat(element("tg-main-button").isEnabled()).isFalse();
		// A failed save re-enables nothing: the text is still too long.
		script("document.getElementById('compose-form').requestSubmit()");
		assertThat(text("compose-error")).startsWith("Слишком длинно");
		assertThat(element("tg-main-button").isEnabled()).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void theBackButtonLeavesTheComposerWithoutSaving() {
		Person ada = person(305, "Ада", "ru");
		open(ada, ada.token(), LIGHT_THEME);
		openComposer();
		element("text").sendKeys("черновик");

		element("tg-back-button").click();

		waitFor(() -> element("diary").isDisplayed());
		assertThat(element("tg-back-button").isDisplayed()).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
		// As Telegram keeps a chat's unsent message, the draft waits for the next note.
		openComposer();
		assertThat(element("text").getAttribute("value")).isEqualTo("черновик");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single())
			.as("opening the composer saves nothing")
			.isZero();
	}

	@Test
	void loadsOlderNotesPageByPage() {
		Person ada = person(306, "Ада", "ru");
		for (int i = 1; i <= 45; i++) {
			note(ada, "запись " + i);
		}
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().size() == 20);
		assertThat(noteTexts().get(0)).isEqualTo("запись 45");

		element("more").click();
		waitFor(() -> noteTexts().size() == 40);
		element("more").click();
		waitFor(() -> noteTexts().size() == 45);

		assertThat(noteTexts().get(44)).isEqualTo("запись 1");
		assertThat(element("more").isDisplayed()).isFalse();
	}

	@Test
	void deletesANoteAfterTheUndoTimeAndUndoKeepsIt() {
		Person ada = person(307, "Ада", "ru");
		note(ada, "оставить");
		note(ada, "удалить");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().size() == 2);

		deleteButtonOf("оставить").click();
		waitFor(() -> element("toast").isDisplayed());
		assertThat(noteTexts()).containsExactly("удалить");
		element("toast-action").click();
		waitFor(() -> noteTexts().size() == 2);

		deleteButtonOf("удалить").click();
		waitFor(() -> notesInDatabase().equals(List.of("оставить")), Duration.ofSeconds(10));
		assertThat(noteTexts()).containsExactly("оставить");
	}

	@Test
	void explainsExpiredInitDataAsReopenTheAppFromTheBot() {
		Person ada = person(308, "Ада", "ru");
		String old = new InitDataSigner(BOT_TOKEN).forUser(308, "Ада", "ru",
				Instant.now().minus(Duration.ofDays(2)).getEpochSecond());

		open(old, ada.token(), LIGHT_THEME);

		waitFor(() -> element("problem").isDisplayed());
		assertThat(text("problem-title")).isEqualTo("Сеанс приложения устарел");
		assertThat(text("problem-text")).contains("откройте его заново из чата с ботом");
	}

	@Test
	void refusesAnotherUsersTokenAndSaysToStartAgain() {
		Person ada = person(309, "Ада", "ru");
		Person eve = person(310, "Ева", "ru");
		note(eve, "секрет Евы");

		open(ada, eve.token(), LIGHT_THEME);

		waitFor(() -> element("problem").isDisplayed());
		assertThat(text("problem-title")).isEqualTo("Нужно войти заново");
		assertThat(text("problem-text")).contains("/start");
		assertThat(browser.getPageSource()).doesNotContain("секрет Евы");
	}

	@Test
	void followsTelegramsDarkTheme() throws IOException {
		Person ada = person(311, "Ада", "ru");
		note(ada, "Сегодня я начал вести дневник.");
		note(ada, "Вечером гулял у реки 🌅");
		open(ada, ada.token(), DARK_THEME);
		waitFor(() -> noteTexts().size() == 2);

		assertThat(script("return document.documentElement.dataset.theme")).isEqualTo("dark");
		assertThat(script("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(23, 33, 43)");
		assertThat(script("return getComputedStyle(document.body).color")).isEqualTo("rgb(245, 245, 245)");
		screenshot("main-dark.png");
	}

	@Test
	void speaksEnglishToEnglishSpeakingUsers() {
		Person ada = person(312, "Ada", "en");
		open(ada, ada.token(), LIGHT_THEME);

		waitFor(() -> text("greeting").equals("Hi, Ada!"));
		assertThat(text("tg-main-button")).isEqualTo("New note");
		assertThat(text("empty")).isEqualTo("Nothing here yet. Write your first note.");
	}

	@Test
	void outsideTelegramExplainsHowToOpenIt() {
		browser.get("about:blank");
		browser.get("http://127.0.0.1:" + this.port + "/");

		waitFor(() -> element("problem").isDisplayed());
		assertThat(text("problem-text")).contains("/start");
	}

	@Test
	void fitsA320PixelScreenWithLabelledControls() {
		browser.manage().window().setSize(new Dimension(320, 640));
		Person ada = person(313, "Ада", "ru");
		note(ada, "очень-длинное-слово-без-пробелов-которое-не-должно-растягивать-страницу-вширь-никогда");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().size() == 1);

		Number scrollWidth = (Number) script("return document.documentElement.scrollWidth");
		Number clientWidth = (Number) script("return document.documentElement.clientWidth");
		assertThat(scrollWidth.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(clientWidth.intValue());
		assertThat(browser.findElement(By.cssSelector(".note .delete")).getAttribute("aria-label"))
			.startsWith("Удалить запись от");
		openComposer();
		assertThat(browser.findElement(By.cssSelector("label[for=text]")).getText()).isEqualTo("Текст записи");
		assertThat(script("return document.activeElement.id")).as("focus moves to the text").isEqualTo("text");
	}

	@Test
	void playsAVoiceEntryWithItsTranscriptAndShowsAPhoto() throws IOException {
		Person ada = person(42, "Ада", "ru");
		byte[] voice = Files.readAllBytes(Path.of("src/test/resources/media/voice.ogg"));
		byte[] photo = Files.readAllBytes(Path.of("src/test/resources/media/photo.jpg"));
		botApi.addFile("V", "voice", voice);
		botApi.addFile("P", "photos", photo);
		String from = "\"chat\":{\"id\":42,\"type\":\"private\"},"
				+ "\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Ада\",\"language_code\":\"ru\"}";
		postUpdate("{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1764000000," + from
				+ ",\"caption\":\"Закат\",\"photo\":[{\"file_id\":\"P\",\"file_unique_id\":\"uP\",\"width\":320,"
				+ "\"height\":200,\"file_size\":" + photo.length + "}]}}")
			.expectStatus()
			.isOk();
		postUpdate("{\"update_id\":2,\"message\":{\"message_id\":2,\"date\":1764000100," + from
				+ ",\"voice\":{\"file_id\":\"V\",\"file_unique_id\":\"uV\",\"duration\":2,\"mime_type\":\"audio/ogg\","
				+ "\"file_size\":" + voice.length + "}}}")
			.expectStatus()
			.isOk();
		waitFor(() -> this.jdbc.sql("SELECT count(*) FROM note WHERE transcript_status = 'done'")
			.query(Long.class)
			.single() == 1
				&& this.jdbc.sql("SELECT count(*) FROM media WHERE status = 'stored'").query(Long.class).single() == 2,
				Duration.ofSeconds(20));

		open(ada, ada.token(), LIGHT_THEME);

		waitFor(() -> !browser.findElements(By.cssSelector("#notes audio")).isEmpty());
		assertThat(browser.findElement(By.cssSelector("#notes .transcript")).getText())
			.isEqualTo(FakeSpeechToText.transcriptOf(voice.length));
		// Chromium plays OGG/Opus: the player loads the file through its signed link,
		// with ranges.
		script("const a = document.querySelector('#notes audio'); a.muted = true; a.play();");
		Awaitility.await("the voice entry playing")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(script("const a = document.querySelector('#notes audio'); return "
					+ "JSON.stringify({error: a.error && a.error.code, long: a.duration > 1, playing: a.currentTime > 0})"))
				.isEqualTo("{\"error\":null,\"long\":true,\"playing\":true}"));
		waitFor(() -> Boolean.TRUE.equals(script("const i = document.querySelector('#notes img');"
				+ " return i.complete && i.naturalWidth === 320 && i.naturalHeight === 200")));
		assertThat(noteTexts()).contains("Закат");
		assertThat(browser.findElements(By.cssSelector("#notes .meta")).stream().map(WebElement::getText).toList())
			.anyMatch((meta) -> meta.startsWith("Голосовое"))
			.anyMatch((meta) -> meta.startsWith("Фото"));
		screenshot("media-light.png");
	}

	// ---------------------------------------------------------------- issue 16: a diary

	/**
	 * Telegram Android's day theme, and the night theme Telegram's Mini App docs show.
	 */
	private static final String TELEGRAM_DAY = "{\"bg_color\":\"#ffffff\",\"secondary_bg_color\":\"#f0f0f0\","
			+ "\"text_color\":\"#222222\",\"hint_color\":\"#a8a8a8\",\"link_color\":\"#2678b6\","
			+ "\"button_color\":\"#50a8eb\",\"button_text_color\":\"#ffffff\",\"destructive_text_color\":\"#cc2929\","
			+ "\"section_bg_color\":\"#ffffff\",\"subtitle_text_color\":\"#82868a\"}";

	private static final String TELEGRAM_NIGHT = "{\"accent_text_color\":\"#6ab2f2\",\"bg_color\":\"#17212b\","
			+ "\"button_color\":\"#5288c1\",\"button_text_color\":\"#ffffff\",\"destructive_text_color\":\"#ec3942\","
			+ "\"header_bg_color\":\"#17212b\",\"hint_color\":\"#708499\",\"link_color\":\"#6ab3f3\","
			+ "\"secondary_bg_color\":\"#232e3c\",\"section_bg_color\":\"#17212b\","
			+ "\"section_header_text_color\":\"#6ab3f3\",\"subtitle_text_color\":\"#708499\",\"text_color\":\"#f5f5f5\"}";

	@Test
	void aDraftSurvivesAnExpiredSessionAndAReopenAndIsSavedOnce() {
		Person ada = person(320, "Ада", "ru");
		// initData that is 24 hours old in eight seconds: the server's limit.
		long authDate = Instant.now().minus(Duration.ofHours(24)).plusSeconds(8).getEpochSecond();
		String expiring = new InitDataSigner(BOT_TOKEN).forUser(320, "Ада", "ru", authDate);
		open(expiring, ada.token(), LIGHT_THEME);
		openComposer();
		element("text").sendKeys("Мысль, которую нельзя потерять");
		assertThat(script("return Telegram.WebApp.isClosingConfirmationEnabled")).isEqualTo(true);
		Awaitility.await("the initData expired")
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Instant.now().getEpochSecond() > authDate + Duration.ofHours(24).toSeconds() + 1);

		element("tg-main-button").click();

		waitFor(() -> text("compose-error").startsWith("Сеанс приложения устарел"));
		assertThat(element("text").getAttribute("value")).isEqualTo("Мысль, которую нельзя потерять");
		assertThat(element("close-app").isDisplayed()).isTrue();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();

		// Telegram opens the app again, with fresh initData.
		open(ada, ada.token(), LIGHT_THEME);

		waitFor(() -> element("composer").isDisplayed());
		assertThat(element("text").getAttribute("value")).isEqualTo("Мысль, которую нельзя потерять");
		assertThat(text("compose-note")).isEqualTo("Черновик восстановлен.");
		element("tg-main-button").click();
		waitFor(() -> noteTexts().contains("Мысль, которую нельзя потерять"));
		assertThat(this.jdbc.sql("SELECT text FROM note").query(String.class).list())
			.containsExactly("Мысль, которую нельзя потерять");
		assertThat(script("return Telegram.WebApp.isClosingConfirmationEnabled")).isEqualTo(false);
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().contains("Мысль, которую нельзя потерять"));
		assertThat(element("composer").isDisplayed()).as("a saved draft does not come back").isFalse();
	}

	@Test
	void editsACardInPlaceAndExplainsAChangeMadeMeanwhile() {
		Person ada = person(321, "Ада", "ru");
		note(ada, "было");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().contains("было"));

		browser.findElement(By.cssSelector(".note .edit")).click();
		waitFor(() -> element("text").isDisplayed());
		assertThat(browser.findElement(By.cssSelector(".note.editing #text"))).as("the form is in the card")
			.isNotNull();
		element("text").clear();
		element("text").sendKeys("моя правка");
		// Meanwhile the message was edited in Telegram.
		this.jdbc.sql("UPDATE note SET text = 'правка из Telegram', version = version + 1 WHERE user_id = 321")
			.update();
		element("tg-main-button").click();

		waitFor(() -> text("compose-error").contains("правка из Telegram"));
		assertThat(text("compose-error")).startsWith("Эту запись уже изменили");
		assertThat(element("text").getAttribute("value")).isEqualTo("моя правка");
		element("tg-main-button").click();

		waitFor(() -> noteTexts().contains("моя правка"));
		assertThat(this.jdbc.sql("SELECT text || ' ' || version FROM note").query(String.class).single())
			.isEqualTo("моя правка 3");
	}

	@Test
	void groupsEntriesByDayAndBackDatesANewOneWithTheDatePicker() {
		Person ada = person(322, "Ада", "ru");
		entry(ada, "вчерашняя", Instant.now().minus(Duration.ofDays(1)));
		entry(ada, "сегодняшняя", Instant.now());
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().size() == 2);
		assertThat(browser.findElements(By.cssSelector("#notes > .day"))).hasSize(2);
		assertThat(browser.findElement(By.cssSelector("#notes .note time")).getText()).matches("\\d\\d:\\d\\d");

		openComposer();
		element("text").sendKeys("про лето");
		script("const d = document.getElementById('date'); d.value = '2025-07-14T21:30';"
				+ " d.dispatchEvent(new Event('input'));");
		element("tg-main-button").click();

		waitFor(() -> noteTexts().contains("про лето"));
		assertThat(browser.findElements(By.cssSelector("#notes > .day"))).hasSize(3);
		assertThat(browser.findElements(By.cssSelector("#notes > .day")).get(2).getText()).contains("про лето")
			.contains("2025");
		Object expected = script("return new Date('2025-07-14T21:30').toISOString()");
		assertThat(this.jdbc
			.sql("SELECT to_char(entry_date AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI') "
					+ "FROM note WHERE text = 'про лето'")
			.query(String.class)
			.single()).isEqualTo(expected.toString().substring(0, 16));
	}

	@Test
	void tagChipsFilterTheListAndSearchMarksWhatItFoundAsText() {
		Person ada = person(323, "Ада", "ru");
		note(ada, "Гуляли у моря #отпуск");
		note(ada, "Работа весь день");
		note(ada, "<b>морской</b> воздух");
		tagNotes(ada);
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> !browser.findElements(By.cssSelector("#tags .chip")).isEmpty());
		assertThat(noteTexts()).as("markup in a note is shown as text").contains("<b>морской</b> воздух");

		// A chip tapped while a card is being edited: the edit is left, its form comes
		// back.
		browser.findElement(By.cssSelector("#notes .note .edit")).click();
		waitFor(() -> element("text").isDisplayed());
		element("tags").findElement(By.className("chip")).click();
		waitFor(() -> browser.findElements(By.cssSelector("#notes .note")).size() == 1);
		assertThat(text("filter-text")).isEqualTo("Записи с #отпуск");
		assertThat(browser.findElements(By.cssSelector("#notes #compose-form"))).isEmpty();
		assertThat(text("tg-main-button")).isEqualTo("Новая запись");
		element("filter-clear").click();
		waitFor(() -> browser.findElements(By.cssSelector("#notes .note")).size() == 3);

		element("search").sendKeys("мор");
		waitFor(() -> browser.findElements(By.cssSelector("#notes .note")).size() == 2);
		List<String> marks = browser.findElements(By.cssSelector("#notes mark"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(marks).containsExactlyInAnyOrder("моря", "морской");
		assertThat(browser.findElements(By.cssSelector("#notes b"))).as("markup in a note stays text").isEmpty();
		element("search").clear();
		element("search").sendKeys(" ");
		element("search").sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
		waitFor(() -> browser.findElements(By.cssSelector("#notes .note")).size() == 3);
	}

	@Test
	void theCalendarMarksDaysWithEntriesAndOpensOneAndOnThisDayRecallsEarlierYears() {
		Person ada = person(324, "Ада", "ru");
		// The browser's days and the server's, alike: this machine's zone is UTC.
		this.jdbc.sql("UPDATE telegram_user SET time_zone = 'UTC' WHERE id = 324").update();
		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("UTC"));
		// Four years back: the same date exists then, also on 29 February.
		entry(ada, "четыре года назад", today.minusYears(4).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
		entry(ada, "сегодня днём", Instant.now());
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> element("on-this-day").isDisplayed());
		assertThat(text("on-this-day")).contains("В этот день").contains("4 года назад · четыре года назад");

		element("calendar-toggle").click();
		waitFor(() -> !browser.findElements(By.cssSelector("#month .has-notes")).isEmpty());
		List<WebElement> marked = browser.findElements(By.cssSelector("#month .has-notes"));
		assertThat(marked).hasSize(1);
		assertThat(marked.get(0).getAttribute("aria-label")).endsWith("записей 1");
		marked.get(0).click();
		waitFor(() -> element("filter").isDisplayed());
		assertThat(noteTexts()).containsExactly("сегодня днём");
		element("month-previous").click();
		waitFor(() -> !text("calendar-title").isEmpty()
				&& browser.findElements(By.cssSelector("#month .has-notes")).isEmpty());
	}

	@Test
	void keepsTextReadableInTelegramsDayAndNightThemes() throws IOException {
		Person ada = person(325, "Ада", "ru");
		note(ada, "Заметка #тег");
		tagNotes(ada);
		for (String theme : List.of(TELEGRAM_DAY, TELEGRAM_NIGHT)) {
			open(ada, ada.token(), theme);
			waitFor(() -> noteTexts().contains("Заметка #тег"));
			element("tags").findElement(By.className("chip")).click();
			waitFor(() -> element("filter").isDisplayed());

			// Each pair: text as rendered, and the background it is drawn on.
			assertThat(contrast("#notes .note time", "#notes .note")).as("time on a card").isGreaterThanOrEqualTo(4.5);
			assertThat(contrast("#notes .note .text", "#notes .note")).as("text on a card").isGreaterThanOrEqualTo(4.5);
			assertThat(contrast("#tags .chip[aria-pressed=true]", "#tags .chip[aria-pressed=true]"))
				.as("a pressed (button-coloured) chip")
				.isGreaterThanOrEqualTo(4.5);
			assertThat(contrast("#notes .note .delete", "#notes .note")).as("the delete control")
				.isGreaterThanOrEqualTo(4.5);
			assertThat(contrast("#filter-clear", "body")).as("a link").isGreaterThanOrEqualTo(4.5);
			assertThat(contrast("#tg-main-button", "#tg-main-button")).as("Telegram's MainButton, as set")
				.isGreaterThanOrEqualTo(4.5);
			screenshot((theme.equals(TELEGRAM_DAY) ? "telegram-day" : "telegram-night") + ".png");
		}
	}

	@Test
	void deleteIsAQuiet44PixelControlWithHaptics() {
		Person ada = person(326, "Ада", "ru");
		note(ada, "запись");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().contains("запись"));

		WebElement delete = browser.findElement(By.cssSelector(".note .delete"));
		assertThat(delete.getSize().getHeight()).isGreaterThanOrEqualTo(44);
		assertThat(delete.getSize().getWidth()).isGreaterThanOrEqualTo(44);
		assertThat(script("const s = getComputedStyle(document.querySelector('.note .delete'));"
				+ " return s.color === getComputedStyle(document.querySelector('.note time')).color"))
			.as("in the card's quiet colour, not red")
			.isEqualTo(true);
		delete.click();

		waitFor(() -> element("toast").isDisplayed());
		assertThat(script("return Telegram.WebApp._calls")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("haptic:impact:medium");
	}

	@Test
	void outsideTelegramItsOwnButtonsServeAndTelegramsStayHidden() {
		Person ada = person(327, "Ада", "ru");
		open(ada.initData(), ada.token(), LIGHT_THEME, "unknown", "{}");
		waitFor(() -> element("write").isDisplayed());

		assertThat(element("tg-main-button").isDisplayed()).isFalse();
		element("write").click();
		element("text").sendKeys("из браузера");
		assertThat(element("save").isDisplayed()).isTrue();
		element("save").click();

		waitFor(() -> noteTexts().contains("из браузера"));
		assertThat(element("tg-main-button").isDisplayed()).isFalse();
	}

	@Test
	void keepsClearOfTheSafeAreaInsets() {
		Person ada = person(328, "Ада", "ru");
		open(ada.initData(), ada.token(), LIGHT_THEME, "ios", "{\"top\":47,\"bottom\":34}");
		waitFor(() -> element("diary").isDisplayed());

		assertThat(script("return getComputedStyle(document.body).paddingTop")).isEqualTo("47px");
		assertThat(script("return getComputedStyle(document.body).paddingBottom")).isEqualTo("130px");
	}

	@Test
	void everyDeadEndOffersAWayOn() {
		// Outside Telegram: a link to the bot.
		browser.get("about:blank");
		browser.get("http://127.0.0.1:" + this.port + "/");
		waitFor(() -> element("problem-bot").isDisplayed());
		assertThat(element("problem-bot").getAttribute("href")).isEqualTo("https://t.me/" + botApi.botUsername());

		// Expired: reopen, with a button that closes the app.
		Person ada = person(329, "Ада", "ru");
		open(new InitDataSigner(BOT_TOKEN).forUser(329, "Ада", "ru",
				Instant.now().minus(Duration.ofDays(2)).getEpochSecond()), ada.token(), LIGHT_THEME);
		waitFor(() -> element("problem-close").isDisplayed());
		assertThat(text("problem-title")).isEqualTo("Сеанс приложения устарел");
		element("problem-close").click();
		assertThat(script("return Telegram.WebApp._calls")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("close");

		// A wrong signature is not called an expiry.
		open(new InitDataSigner("123:another-bots-token").forUser(329, "Ада", "ru", Instant.now().getEpochSecond()),
				ada.token(), LIGHT_THEME);
		waitFor(() -> element("problem").isDisplayed());
		assertThat(text("problem-title")).isEqualTo("Не удалось проверить, что это вы");
		assertThat(element("problem-close").isDisplayed()).isTrue();
	}

	@Test
	void opensWithTheProfileAndTheFirstPageRequestedTogether() {
		Person ada = person(330, "Ада", "ru");
		note(ada, "запись");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> noteTexts().contains("запись"));

		String timings = (String) script("""
				const entries = performance.getEntriesByType('resource');
				const me = entries.find((e) => e.name.endsWith('/api/telegram/me'));
				const notes = entries.find((e) => e.name.includes('/api/telegram/notes?'));
				return (me.startTime < notes.responseEnd && notes.startTime < me.responseEnd) + '';""");
		assertThat(timings).as("each started before the other ended").isEqualTo("true");
	}

	/** The WCAG contrast of an element's text colour against another's background. */
	private static double contrast(String textSelector, String backgroundSelector) {
		Object ratio = script("""
				const rgb = (value) => value.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
				const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.04045 ? c / 12.92
				    : ((c + 0.055) / 1.055) ** 2.4; }).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
				const fg = lum(rgb(getComputedStyle(document.querySelector(arguments[0])).color));
				let element = document.querySelector(arguments[1]);
				let bg = getComputedStyle(element).backgroundColor;
				while (bg === 'rgba(0, 0, 0, 0)' && element.parentElement) {
				  element = element.parentElement;
				  bg = getComputedStyle(element).backgroundColor;
				}
				const back = lum(rgb(bg));
				return (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05);""", textSelector, backgroundSelector);
		return ((Number) ratio).doubleValue();
	}

	private void entry(Person person, String text, Instant date) {
		this.jdbc.sql("INSERT INTO note (user_id, text, entry_date) VALUES (?, ?, ?)")
			.params(person.id(), text, java.sql.Timestamp.from(date))
			.update();
	}

	// ---------------------------------------------------------------- helpers

	record Person(long id, String token, String initData) {
	}

	private Person person(long id, String firstName, String language) {
		this.users.upsert(new TelegramProfile(id, firstName, null, "u" + id, language), true);
		return new Person(id, this.sessions.issue(id).token(),
				new InitDataSigner(BOT_TOKEN).forUser(id, firstName, language, Instant.now().getEpochSecond()));
	}

	private void note(Person person, String text) {
		this.jdbc.sql("INSERT INTO note (user_id, text) VALUES (:user, :text)")
			.param("user", person.id())
			.param("text", text)
			.update();
	}

	/**
	 * The #tags of the person's notes, as the service keeps them when it writes a note.
	 */
	private void tagNotes(Person person) {
		this.jdbc.sql("""
				INSERT INTO note_tag (note_id, user_id, tag)
				SELECT id, user_id, m[1] FROM note, regexp_matches(text, '#([^\\s#]+)', 'g') AS m
				WHERE user_id = ? ON CONFLICT DO NOTHING""").param(person.id()).update();
	}

	private List<String> notesInDatabase() {
		return this.jdbc.sql("SELECT text FROM note ORDER BY id").query(String.class).list();
	}

	private void open(Person person, String token, String theme) {
		open(person.initData(), token, theme);
	}

	private void open(String initData, String token, String theme) {
		open(initData, token, theme, "android", "{}");
	}

	/**
	 * As Telegram opens a Mini App: the bot's URL, with initData and the theme in the
	 * fragment.
	 */
	private void open(String initData, String token, String theme, String platform, String insets) {
		String query = "?" + ((token != null) ? "session=" + token + "&" : "") + "v=7";
		String fragment = "#tgWebAppData=" + encode(initData) + "&tgWebAppVersion=9.1&tgWebAppPlatform=" + platform
				+ "&tgWebAppThemeParams=" + encode(theme) + "&tgWebAppSafeAreaInsets=" + encode(insets);
		// From a blank page: an address that differs only in its fragment would not load
		// the page again.
		browser.get("about:blank");
		browser.get("http://127.0.0.1:" + this.port + "/" + query + fragment);
	}

	private static void openComposer() {
		waitFor(() -> text("tg-main-button").equals("Новая запись"));
		element("tg-main-button").click();
		waitFor(() -> element("text").isDisplayed());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static WebElement element(String id) {
		return browser.findElement(By.id(id));
	}

	private static String text(String id) {
		return element(id).getText();
	}

	private static List<String> noteTexts() {
		return browser.findElements(By.cssSelector("#notes .note p")).stream().map(WebElement::getText).toList();
	}

	private static WebElement deleteButtonOf(String text) {
		return browser.findElements(By.cssSelector("#notes .note"))
			.stream()
			.filter((note) -> note.findElement(By.tagName("p")).getText().equals(text))
			.findFirst()
			.orElseThrow()
			.findElement(By.className("delete"));
	}

	private static Object script(String code, Object... arguments) {
		return ((JavascriptExecutor) browser).executeScript(code, arguments);
	}

	private static void waitFor(Supplier<Boolean> condition) {
		waitFor(condition, Duration.ofSeconds(10));
	}

	private static void waitFor(Supplier<Boolean> condition, Duration timeout) {
		// The page changes while it is read: an element that is replaced meanwhile is
		// read again.
		Awaitility.await()
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> Boolean.TRUE.equals(condition.get()));
	}

	private static void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
