package app.speakingdiary.telegram.setup;

import org.jspecify.annotations.Nullable;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.telegram.botapi.BotApiClient;
import app.speakingdiary.telegram.replies.BotReplies;
import app.speakingdiary.telegram.replies.WebAppLinks;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opt-in (TELEGRAM_SETUP_ON_STARTUP=true): sets the command menu in Russian and English
 * and the chat menu button that opens the Mini App. It never touches the webhook: a
 * replica that starts or stops must not unhook others.
 */
@Component
class BotSetup {

	private static final Logger logger = LoggerFactory.getLogger(BotSetup.class);

	private final BotApiClient botApi;

	private final BotReplies replies;

	private final WebAppLinks links;

	private final JsonMapper json;

	private final boolean enabled;

	BotSetup(BotApiClient botApi, BotReplies replies, WebAppLinks links, JsonMapper json, DiaryProperties properties) {
		this.botApi = botApi;
		this.replies = replies;
		this.links = links;
		this.json = json;
		this.enabled = properties.telegram().setupOnStartup();
	}

	@EventListener(ApplicationReadyEvent.class)
	void configureBot() {
		if (!this.enabled) {
			return;
		}
		Flux.concat(this.botApi.call("setMyCommands", commands(null).toString()),
				this.botApi.call("setMyCommands", commands("ru").toString()),
				this.botApi.call("setMyCommands", commands("en").toString()),
				this.botApi.call("setChatMenuButton", menuButton().toString()))
			.subscribe((response) -> {
				if (!response.ok()) {
					logger.warn("Bot setup call failed: {}", response.summary());
				}
			});
	}

	/**
	 * Without a language code the commands are the default for every language: Russian,
	 * like the bot.
	 */
	ObjectNode commands(@Nullable String languageCode) {
		Locale locale = BotReplies.locale(languageCode);
		ObjectNode request = this.json.createObjectNode();
		ArrayNode commands = request.putArray("commands");
		commands.addObject().put("command", "start").put("description", this.replies.message("command.start", locale));
		commands.addObject().put("command", "help").put("description", this.replies.message("command.help", locale));
		if (languageCode != null) {
			request.put("language_code", languageCode);
		}
		return request;
	}

	ObjectNode menuButton() {
		ObjectNode request = this.json.createObjectNode();
		request.putObject("menu_button")
			.put("type", "web_app")
			.put("text", this.replies.message("menu.button", BotReplies.locale(null)))
			.putObject("web_app")
			.put("url", this.links.withoutSession());
		return request;
	}

}
