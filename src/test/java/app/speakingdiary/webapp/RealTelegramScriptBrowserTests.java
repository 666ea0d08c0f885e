package app.speakingdiary.webapp;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mini App with Telegram's own telegram-web-app.js (the copy the npm package
 * {@code @twa-dev/sdk} ships, Bot API 8.0), talking to a stand-in for the Telegram
 * client: {@code window.TelegramWebviewProxy}, which the script posts its events to, as
 * Telegram's mobile apps provide it. What the page asks of Telegram is read from those
 * events, and Telegram's answers are sent back through the script's own receiveEvent.
 */
class RealTelegramScriptBrowserTests extends IntegrationTest {

	private static final Path SCRIPT = Path.of("node_modules", "@twa-dev", "sdk", "dist", "telegram-web-apps.js");

	private static final String DAY = "{\"bg_color\":\"#ffffff\",\"secondary_bg_color\":\"#f0f0f0\","
			+ "\"text_color\":\"#222222\",\"hint_color\":\"#a8a8a8\",\"link_color\":\"#2678b6\","
			+ "\"button_color\":\"#50a8eb\",\"button_text_color\":\"#ffffff\"}";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TelegramScriptStandIn telegram;

	private static ChromeDriver browser;

	@LocalServerPort
	private int port;

	@Autowired
	private TelegramUsers users;

	@Autowired
	private Sessions sessions;

	@BeforeAll
	static void startTheBrowser() throws IOException {
		assertThat(SCRIPT).as("npm ci installs Telegram's script (package.json)").exists();
		telegram = new TelegramScriptStandIn(Files.readAllBytes(SCRIPT));
		browser = PhoneBrowser.start(telegram);
		// Before any script of the page: the Telegram client's side of the bridge.
		browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
				window.__events = [];
				window.TelegramWebviewProxy = {
				  postEvent(type, data) { window.__events.push([type, data ? JSON.parse(data) : null]); },
				};"""));
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

	@Test
	void startsSetsUpTelegramsButtonsAndWritesANoteWithThem() {
		long id = 601;
		String token = person(id);
		note(id, "первая запись");

		open(id, token);

		waitFor(() -> browser.findElements(By.cssSelector("#notes .note")).size() == 1);
		assertThat(eventTypes()).contains("web_app_ready", "web_app_expand");
		JsonNode button = lastEvent("web_app_setup_main_button");
		assertThat(button.get("text").asString()).isEqualTo("Новая запись");
		assertThat(button.get("is_visible").asBoolean()).isTrue();
		assertThat(contrast(button.get("color").asString(), button.get("text_color").asString()))
			.as("Telegram's MainButton in the colours the page set, readable")
			.isGreaterThanOrEqualTo(4.5);
		assertThat(browser.findElement(By.id("write")).isDisplayed()).as("no page button doubles it").isFalse();

		press("main_button_pressed");
		waitFor(() -> browser.findElement(By.id("text")).isDisplayed());
		assertThat(lastEvent("web_app_setup_main_button").get("text").asString()).isEqualTo("Сохранить");
		assertThat(lastEvent("web_app_setup_back_button").get("is_visible").asBoolean()).isTrue();
		assertThat(notes(id)).as("opening the composer saves nothing").containsExactly("первая запись");
		browser.findElement(By.id("text")).sendKeys("с настоящим скриптом");
		assertThat(lastEvent("web_app_setup_closing_behavior").get("need_confirmation").asBoolean()).isTrue();
		press("main_button_pressed");

		waitFor(() -> notes(id).size() == 2);
		waitFor(() -> "Новая запись".equals(lastEvent("web_app_setup_main_button").get("text").asString()));
		assertThat(notes(id)).containsExactly("первая запись", "с настоящим скриптом");
		assertThat(lastEvent("web_app_setup_closing_behavior").get("need_confirmation").asBoolean()).isFalse();
		assertThat(eventTypes()).contains("web_app_trigger_haptic_feedback");
	}

	@Test
	void theBackButtonLeavesTheComposerAndTheDraftReopensWithTheApp() {
		long id = 602;
		String token = person(id);
		open(id, token);
		waitFor(() -> browser.findElement(By.id("diary")).isDisplayed());
		press("main_button_pressed");
		waitFor(() -> browser.findElement(By.id("text")).isDisplayed());
		browser.findElement(By.id("text")).sendKeys("недописанное");

		press("back_button_pressed");
		waitFor(() -> browser.findElement(By.id("diary")).isDisplayed());
		assertThat(lastEvent("web_app_setup_back_button").get("is_visible").asBoolean()).isFalse();
		// Telegram opens the app again: the draft is there, in its composer.
		open(id, token);

		waitFor(() -> browser.findElement(By.id("text")).isDisplayed());
		assertThat(browser.findElement(By.id("text")).getAttribute("value")).as("kept in localStorage (Bot API 8.0)")
			.isEqualTo("недописанное");
		assertThat(browser.findElement(By.id("compose-note")).getText()).isEqualTo("Черновик восстановлен.");
		assertThat(lastEvent("web_app_setup_main_button").get("text").asString()).isEqualTo("Сохранить");
		assertThat(notes(id)).isEmpty();
	}

	private String person(long id) {
		this.users.upsert(new TelegramProfile(id, "Ада", null, "u" + id, "ru"), true);
		return this.sessions.issue(id).token();
	}

	private void note(long userId, String text) {
		this.jdbc.sql("INSERT INTO note (user_id, text) VALUES (?, ?)").params(userId, text).update();
	}

	private List<String> notes(long userId) {
		return this.jdbc.sql("SELECT text FROM note WHERE user_id = ? ORDER BY id")
			.param(userId)
			.query(String.class)
			.list();
	}

	private void open(long id, String token) {
		String initData = new InitDataSigner(BOT_TOKEN).forUser(id, "Ада", "ru", Instant.now().getEpochSecond());
		String fragment = "#tgWebAppData=" + encode(initData) + "&tgWebAppVersion=8.0&tgWebAppPlatform=android"
				+ "&tgWebAppThemeParams=" + encode(DAY);
		browser.get("about:blank");
		browser.get("http://127.0.0.1:" + this.port + "/?session=" + token + "&v=7" + fragment);
	}

	/** Telegram tells the page that one of its buttons was pressed. */
	private static void press(String event) {
		script("Telegram.WebView.receiveEvent(arguments[0])", event);
	}

	@SuppressWarnings("unchecked")
	private static List<String> eventTypes() {
		return ((List<List<Object>>) script("return window.__events")).stream()
			.map((event) -> (String) event.get(0))
			.toList();
	}

	private static JsonNode lastEvent(String type) {
		String data = (String) script("""
				const found = window.__events.filter((e) => e[0] === arguments[0]);
				return found.length ? JSON.stringify(found[found.length - 1][1]) : null;""", type);
		assertThat(data).as("an event %s", type).isNotNull();
		return JSON.readTree(data);
	}

	private static double contrast(String a, String b) {
		double[] lum = new double[2];
		String[] colors = { a, b };
		for (int i = 0; i < 2; i++) {
			String hex = colors[i].replace("#", "");
			double sum = 0;
			double[] weights = { 0.2126, 0.7152, 0.0722 };
			for (int c = 0; c < 3; c++) {
				double v = Integer.parseInt(hex.substring(c * 2, c * 2 + 2), 16) / 255.0;
				sum += weights[c] * ((v <= 0.04045) ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
			}
			lum[i] = sum;
		}
		return (Math.max(lum[0], lum[1]) + 0.05) / (Math.min(lum[0], lum[1]) + 0.05);
	}

	private static Object script(String code, Object... arguments) {
		return ((JavascriptExecutor) browser).executeScript(code, arguments);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static void waitFor(Supplier<Boolean> condition) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> Boolean.TRUE.equals(condition.get()));
	}

}
