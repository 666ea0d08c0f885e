package app.speakingdiary.webapp;

import java.io.File;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import app.speakingdiary.support.Tools;

/**
 * Debian's headless Chromium at a phone's size, with telegram.org mapped to a local
 * stand-in: the browser the Mini App's tests open it in.
 */
final class PhoneBrowser {

	private PhoneBrowser() {
	}

	static ChromeDriver start(TelegramScriptStandIn telegram) {
		Tools.require("chromium");
		Tools.require("chromedriver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--host-resolver-rules=MAP telegram.org 127.0.0.1:" + telegram.port(), "--ignore-certificate-errors",
				"--window-size=390,844", "--lang=ru",
				// A test cannot make the user gesture that playing a recording takes.
				"--autoplay-policy=no-user-gesture-required");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(Tools.which("chromedriver")))
			// The browser's days are the server's: tests that count days set the user's
			// zone to UTC.
			.withEnvironment(Map.of("TZ", "UTC"))
			.usingAnyFreePort()
			.build();
		ChromeDriver browser = new ChromeDriver(service, options);
		browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		return browser;
	}

}
