package app.speakingdiary.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import app.speakingdiary.config.DiaryProperties;

/**
 * Settings bound exactly as the service binds them, defaults included, for tests that
 * build a class by hand.
 */
public final class TestProperties {

	public static final String BOT_TOKEN = "123456789:TEST-bot_token-0123456789abcdefghijkl";

	public static final String WEBHOOK_SECRET = "test-webhook-secret_0123456789abcdefABCDEF";

	private TestProperties() {
	}

	/**
	 * The tests' bot and Mini App, with {@code overrides} as
	 * {@code "telegram.api-url", "http://…"} pairs.
	 */
	public static DiaryProperties bind(String... overrides) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("diary.telegram.bot-token", BOT_TOKEN);
		values.put("diary.telegram.webhook-secret", WEBHOOK_SECRET);
		values.put("diary.webapp.url", "https://diary.example.org/");
		for (int i = 0; i + 1 < overrides.length; i += 2) {
			values.put("diary." + overrides[i], overrides[i + 1]);
		}
		values.values().removeIf((value) -> value == null);
		return new Binder(new MapConfigurationPropertySource(values)).bind("diary", DiaryProperties.class).get();
	}

}
