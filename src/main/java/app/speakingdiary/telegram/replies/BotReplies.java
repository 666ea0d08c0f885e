package app.speakingdiary.telegram.replies;

import org.jspecify.annotations.Nullable;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bot's messages as Bot API sendMessage payloads, in the user's language (Russian
 * unless English).
 */
@Component
public class BotReplies {

	private static final Locale RUSSIAN = Locale.forLanguageTag("ru");

	private final MessageSource messages;

	private final JsonMapper json;

	private final WebAppLinks links;

	BotReplies(MessageSource messages, JsonMapper json, WebAppLinks links) {
		this.messages = messages;
		this.json = json;
		this.links = links;
	}

	/**
	 * What the acknowledgement of an entry is about (see Outbox.Message#about), so that
	 * it can be edited when the entry's transcript comes.
	 */
	public static String entrySubject(long noteId) {
		return "entry:" + noteId;
	}

	public static Locale locale(@Nullable String languageCode) {
		return (languageCode != null && languageCode.toLowerCase(Locale.ROOT).startsWith("en")) ? Locale.ENGLISH
				: RUSSIAN;
	}

	/** Telegram accepts web_app buttons only in private chats. */
	public ObjectNode startInPrivate(long chatId, @Nullable String languageCode, String sessionToken,
			@Nullable String payload) {
		Locale locale = locale(languageCode);
		ObjectNode message = text(chatId, "start.private.text", locale);
		button(message, "start.private.button", locale).putObject("web_app")
			.put("url", this.links.withSession(sessionToken, payload));
		return message;
	}

	/**
	 * In groups a url button leads to the private chat, where /start opens the Mini App.
	 */
	public ObjectNode startInGroup(long chatId, @Nullable String languageCode, String botUsername,
			@Nullable String payload) {
		Locale locale = locale(languageCode);
		ObjectNode message = text(chatId, "start.group.text", locale);
		String url = UriComponentsBuilder.fromUriString("https://t.me/" + botUsername)
			.queryParam("start", (payload != null) ? payload : "group")
			.build()
			.toUriString();
		button(message, "start.group.button", locale).put("url", url);
		return message;
	}

	/** The one answer to /start floods: further /starts in the same minute get none. */
	public ObjectNode tooManyStarts(long chatId, @Nullable String languageCode) {
		return text(chatId, "limit.start.text", locale(languageCode));
	}

	/**
	 * The acknowledgement of a new entry, in reply to the user's message, with the button
	 * that undoes it. Silent: the user has just written.
	 */
	public ObjectNode saved(long chatId, @Nullable String languageCode, long messageId, long noteId) {
		return saved(chatId, languageCode, messageId, noteId, "entry.saved.text");
	}

	/**
	 * The acknowledgement of an entry in words of its own: {@code code} names them, such
	 * as {@code entry.saved.tooLarge} for an entry kept without its file.
	 */
	public ObjectNode saved(long chatId, @Nullable String languageCode, long messageId, long noteId, String code) {
		Locale locale = locale(languageCode);
		ObjectNode message = text(chatId, code, locale).put("disable_notification", true);
		message.putObject("reply_parameters").put("message_id", messageId).put("allow_sending_without_reply", true);
		button(message, "entry.saved.undo", locale).put("callback_data", "undo:" + noteId);
		return message;
	}

	/**
	 * The acknowledgement of a recording with its transcript, keeping the undo button;
	 * cut to fit Telegram's 4096 characters.
	 */
	public ObjectNode transcribed(long chatId, @Nullable String languageCode, long messageId, long noteId,
			String transcript) {
		ObjectNode message = saved(chatId, languageCode, messageId, noteId, "entry.transcribed.text");
		String heading = message.path("text").asString("");
		int room = 4096 - heading.length() - 3;
		String body = (transcript.codePointCount(0, transcript.length()) > room)
				? transcript.substring(0, transcript.offsetByCodePoints(0, room - 1)) + "…" : transcript;
		return message.put("text", heading + "\n\n" + body);
	}

	/** The acknowledgement, once its entry is undone: the button goes with it. */
	public ObjectNode undone(long chatId, @Nullable String languageCode, long acknowledgementId) {
		return text(chatId, "entry.undone.text", locale(languageCode)).put("message_id", acknowledgementId);
	}

	/** The answer to a button press, shown briefly by Telegram. */
	public ObjectNode buttonAnswer(String callbackId, String code, @Nullable String languageCode) {
		return this.json.createObjectNode()
			.put("callback_query_id", callbackId)
			.put("text", message(code, locale(languageCode)));
	}

	public ObjectNode notSaved(long chatId, @Nullable String languageCode, boolean full) {
		return text(chatId, full ? "entry.full.text" : "entry.rejected.text", locale(languageCode));
	}

	public ObjectNode help(long chatId, @Nullable String languageCode) {
		return text(chatId, "help.text", locale(languageCode));
	}

	public String message(String code, Locale locale) {
		return this.messages.getMessage(code, null, locale);
	}

	private ObjectNode text(long chatId, String code, Locale locale) {
		return this.json.createObjectNode().put("chat_id", chatId).put("text", message(code, locale));
	}

	private ObjectNode button(ObjectNode message, String code, Locale locale) {
		return message.putObject("reply_markup")
			.putArray("inline_keyboard")
			.addArray()
			.addObject()
			.put("text", message(code, locale));
	}

}
