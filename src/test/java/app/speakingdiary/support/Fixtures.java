package app.speakingdiary.support;

import org.springframework.web.util.UriComponentsBuilder;
import app.speakingdiary.telegram.FakeBotApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;

/**
 * Test fixtures copied from ../shared/telegram (real Telegram payloads), read as they
 * are.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static String update(String name) {
		return read("telegram/updates/" + name + ".json");
	}

	public static String read(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A private text message from user 42 (Ada) in their chat with the bot, as update 77.
	 */
	public static String privateText(String text) {
		return """
				{"update_id":77,"message":{"message_id":1,"date":0,"text":%s,
				 "chat":{"id":42,"type":"private"},
				 "from":{"id":42,"is_bot":false,"first_name":"Ada","language_code":"ru"}}}"""
			.formatted(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text));
	}

	/** The session token in the web_app button of a sent /start reply. */
	public static String sessionTokenIn(FakeBotApi.Call sent) {
		String url = sent.body().at("/reply_markup/inline_keyboard/0/0/web_app/url").asString();
		return UriComponentsBuilder.fromUriString(url).build().getQueryParams().getFirst("session");
	}

}
