package app.speakingdiary.webapp;

import org.awaitility.Awaitility;
import java.io.File;
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
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.FakeSpeechToText;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.support.Tools;

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
		Tools.require("chromium");
		Tools.require("chromedriver");
		telegram = new TelegramScriptStandIn();
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--host-resolver-rules=MAP telegram.org 127.0.0.1:" + telegram.port(), "--ignore-certificate-errors",
				"--window-size=390,844", "--lang=ru",
				// A test cannot make the user gesture that playing a recording takes.
				"--autoplay-policy=no-user-gesture-required");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(Tools.which("chromedriver")))
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
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
		waitFor(() -> element("write").isDisplayed());

		element("write").click();
		waitFor(() -> element("tg-main-button").isDisplayed());
		element("text").sendKeys("Привет 👋 мир");

		assertThat(text("counter")).isEqualTo("12 из 4096");
		element("tg-main-button").click();

		waitFor(() -> noteTexts().contains("Привет 👋 мир"));
		assertThat(element("tg-main-button").isDisplayed()).as("MainButton hidden again").isFalse();
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
		waitFor(() -> element("write").isDisplayed());

		element("write").click();
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
		waitFor(() -> element("write").isDisplayed());
		element("write").click();

		element("text").sendKeys("   ");
		element("save").click();
		assertThat(text("compose-error")).contains("пустую запись");

		script("const t = document.getElementById('text'); t.value = 'я'.repeat(4097);"
				+ " t.dispatchEvent(new Event('input'));");
		assertThat(text("counter")).isEqualTo("4097 из 4096");
		assertThat(element("save").isEnabled()).isFalse();
		assertThat(element("tg-main-button").isEnabled()).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
	}

	@Test
	void theBackButtonLeavesTheComposerWithoutSaving() {
		Person ada = person(305, "Ада", "ru");
		open(ada, ada.token(), LIGHT_THEME);
		waitFor(() -> element("write").isDisplayed());
		element("write").click();
		element("text").sendKeys("черновик");

		element("tg-back-button").click();

		waitFor(() -> element("diary").isDisplayed());
		assertThat(element("tg-back-button").isDisplayed()).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
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
		assertThat(text("write")).isEqualTo("New note");
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
		element("write").click();
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

	private List<String> notesInDatabase() {
		return this.jdbc.sql("SELECT text FROM note ORDER BY id").query(String.class).list();
	}

	private void open(Person person, String token, String theme) {
		open(person.initData(), token, theme);
	}

	/**
	 * As Telegram opens a Mini App: the bot's URL, with initData and the theme in the
	 * fragment.
	 */
	private void open(String initData, String token, String theme) {
		String query = "?" + ((token != null) ? "session=" + token + "&" : "") + "v=7";
		String fragment = "#tgWebAppData=" + encode(initData) + "&tgWebAppVersion=8.0&tgWebAppPlatform=tdesktop"
				+ "&tgWebAppThemeParams=" + encode(theme);
		// From a blank page: an address that differs only in its fragment would not load
		// the page again.
		browser.get("about:blank");
		browser.get("http://127.0.0.1:" + this.port + "/" + query + fragment);
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

	private static Object script(String code) {
		return ((JavascriptExecutor) browser).executeScript(code);
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
