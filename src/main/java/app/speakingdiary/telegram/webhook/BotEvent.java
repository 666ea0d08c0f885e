package app.speakingdiary.telegram.webhook;

import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.speakingdiary.media.Attachment;
import app.speakingdiary.note.ChatEntries;
import app.speakingdiary.telegram.webhook.Update.Message;
import app.speakingdiary.telegram.webhook.Update.User;

/** What an update means to this bot; everything it does not handle is {@link Ignored}. */
sealed interface BotEvent {

	/** {@code /start [payload]} in the user's private chat. */
	record StartInPrivate(User user, long chatId, @Nullable String payload) implements BotEvent {
	}

	/** {@code /start[@bot] [payload]} in a group, where web_app buttons are refused. */
	record StartInGroup(long chatId, @Nullable String payload, @Nullable String addressedTo,
			@Nullable String languageCode) implements BotEvent {
	}

	/** {@code /help}, or any other command, in a private chat. */
	record Help(long chatId, @Nullable String languageCode) implements BotEvent {
	}

	/**
	 * A private text message that is not a command: a diary entry. {@code forwarded} is
	 * where a forwarded message came from.
	 */
	record TextInPrivate(User user, long messageId, String text, Instant sentAt,
			ChatEntries.@Nullable Forwarded forwarded) implements BotEvent {
	}

	/**
	 * A private voice, audio, video note or photo message: an entry with its file, whose
	 * text is the caption (maybe empty).
	 */
	record MediaInPrivate(User user, long messageId, String caption, Instant sentAt,
			ChatEntries.@Nullable Forwarded forwarded, Attachment file) implements BotEvent {
	}

	/** The user edited a private text message (Telegram sends edits for 48 hours). */
	record EditInPrivate(long userId, long messageId, String text) implements BotEvent {
	}

	/** The user pressed «Отменить» under the bot's acknowledgement of an entry. */
	record UndoPressed(long userId, @Nullable String languageCode, String callbackId, long acknowledgementId,
			long noteId) implements BotEvent {
	}

	/**
	 * A press on a button this bot does not know (an old message): answered, nothing
	 * else.
	 */
	record UnknownButton(long userId, String callbackId) implements BotEvent {
	}

	/** The user blocked ({@code kicked}) or unblocked the bot in their private chat. */
	record MembershipChanged(long userId, boolean blocked) implements BotEvent {
	}

	record Ignored(String reason) implements BotEvent {
	}

	/**
	 * An update Telegram would never send, such as a private chat whose id is not its
	 * sender's: acknowledged and otherwise dropped, so that a forged update cannot act
	 * for one user and answer another.
	 */
	record Invalid(String reason) implements BotEvent {
	}

	// Deep-link payloads: Telegram allows 1-64 characters of A-Za-z0-9_- after /start.
	Pattern START = Pattern.compile("/start(?:@([A-Za-z0-9_]{1,64}))?(?:\\s+(.*))?", Pattern.DOTALL);

	Pattern PAYLOAD = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	/** The callback data of the «Отменить» button: {@code undo:<note id>}. */
	Pattern UNDO = Pattern.compile("undo:([1-9][0-9]{0,18})");

	static BotEvent of(Update update) {
		if (update.message() != null) {
			return ofMessage(update.message());
		}
		if (update.editedMessage() != null) {
			return ofEdit(update.editedMessage());
		}
		if (update.callbackQuery() != null) {
			return ofCallback(update.callbackQuery());
		}
		if (update.myChatMember() != null) {
			return ofMembership(update.myChatMember());
		}
		return new Ignored("an update kind the bot does not handle");
	}

	private static BotEvent ofMessage(Message message) {
		if (message.chat() == null) {
			return new Ignored("a message without a chat");
		}
		String text = message.text();
		Matcher start = START.matcher((text != null) ? text.strip() : "");
		boolean isStart = text != null && start.matches();
		String payload = isStart ? payload(start.group(2)) : null;
		User from = message.from();
		if (message.chat().isPrivate()) {
			if (from == null || from.id() != message.chat().id()) {
				// In a private chat Telegram's chat id is the user's id; anything else is
				// forged.
				return new Invalid("a private chat whose id is not its sender's");
			}
			if (from.isBot() || from.id() <= 0) {
				return new Ignored("a private message not from a person");
			}
			if (text == null) {
				Attachment file = attachment(message);
				if (file == null) {
					return new Ignored("a private message without text or a file the diary keeps");
				}
				return new MediaInPrivate(from, message.messageId(), stripNul(message.caption()),
						Instant.ofEpochSecond(message.date()), forwarded(message.forwardOrigin()), file);
			}
			// Replies go to the sender, the one id the rest of the update is checked
			// against.
			if (isStart) {
				return new StartInPrivate(from, from.id(), payload);
			}
			if (isCommand(text)) {
				return new Help(from.id(), from.languageCode());
			}
			return new TextInPrivate(from, message.messageId(), text, Instant.ofEpochSecond(message.date()),
					forwarded(message.forwardOrigin()));
		}
		// Telegram's group and supergroup ids are negative; a positive one would be a
		// user's private chat.
		if (message.chat().isGroup() && message.chat().id() < 0 && isStart) {
			return new StartInGroup(message.chat().id(), payload, start.group(1),
					(from != null) ? from.languageCode() : null);
		}
		return new Ignored("a group or channel message that is not /start");
	}

	private static BotEvent ofEdit(Message message) {
		User from = message.from();
		if (message.chat() == null || !message.chat().isPrivate()) {
			return new Ignored("an edit outside a private chat");
		}
		if (from == null || from.id() != message.chat().id()) {
			return new Invalid("a private edit whose chat id is not its sender's");
		}
		String text = message.text();
		if (text == null && attachment(message) != null) {
			// A caption edited, added or removed.
			return from.isBot() ? new Ignored("an edit by a bot")
					: new EditInPrivate(from.id(), message.messageId(), stripNul(message.caption()));
		}
		if (from.isBot() || text == null || isCommand(text)) {
			return new Ignored("an edit that is not of a diary entry's text");
		}
		return new EditInPrivate(from.id(), message.messageId(), text);
	}

	private static BotEvent ofCallback(Update.CallbackQuery callback) {
		User from = callback.from();
		Message message = callback.message();
		String id = callback.id();
		if (from == null || id == null || message == null || message.chat() == null) {
			return new Ignored("a button press without its message");
		}
		if (!message.chat().isPrivate() || message.chat().id() != from.id()) {
			// The bot's buttons stand under its messages in the user's own chat.
			return new Invalid("a button press outside the presser's private chat");
		}
		Matcher undo = UNDO.matcher(String.valueOf(callback.data()));
		if (!undo.matches()) {
			return new UnknownButton(from.id(), id);
		}
		return new UndoPressed(from.id(), from.languageCode(), id, message.messageId(), Long.parseLong(undo.group(1)));
	}

	/** A valid MIME type as the database accepts it, without parameters. */
	Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}/[a-z0-9][a-z0-9.+-]{0,63}");

	/**
	 * The file a message carries, if it is one the diary keeps: the largest size of a
	 * photo. Null when its ids are missing or implausible.
	 */
	private static @Nullable Attachment attachment(Message message) {
		Attachment file = null;
		if (message.voice() != null) {
			Update.Voice voice = message.voice();
			file = file("voice", voice.fileId(), voice.fileUniqueId(), mime(voice.mimeType(), "audio/ogg"),
					voice.duration(), null, null, voice.fileSize());
		}
		else if (message.audio() != null) {
			Update.Audio audio = message.audio();
			file = file("audio", audio.fileId(), audio.fileUniqueId(), mime(audio.mimeType(), "audio/mpeg"),
					audio.duration(), null, null, audio.fileSize());
		}
		else if (message.videoNote() != null) {
			Update.VideoNote video = message.videoNote();
			file = file("video_note", video.fileId(), video.fileUniqueId(), "video/mp4", video.duration(),
					video.length(), video.length(), video.fileSize());
		}
		else if (message.photo() != null && !message.photo().isEmpty()) {
			Update.PhotoSize largest = message.photo()
				.stream()
				.max(java.util.Comparator.comparingLong((Update.PhotoSize size) -> (long) size.width() * size.height()))
				.orElseThrow();
			file = file("photo", largest.fileId(), largest.fileUniqueId(), "image/jpeg", null, largest.width(),
					largest.height(), largest.fileSize());
		}
		return file;
	}

	private static @Nullable Attachment file(String kind, @Nullable String fileId, @Nullable String fileUniqueId,
			String mimeType, @Nullable Integer duration, @Nullable Integer width, @Nullable Integer height,
			@Nullable Long size) {
		if (fileId == null || fileId.isEmpty() || fileId.length() > 512 || fileUniqueId == null
				|| fileUniqueId.isEmpty() || fileUniqueId.length() > 128) {
			return null;
		}
		return new Attachment(kind, fileId, fileUniqueId, mimeType,
				(duration != null && duration >= 0) ? duration : null, (width != null && width > 0) ? width : null,
				(height != null && height > 0) ? height : null, (size != null && size >= 0) ? size : null);
	}

	private static String mime(@Nullable String announced, String fallback) {
		if (announced == null) {
			return fallback;
		}
		String type = announced.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
		return MIME_TYPE.matcher(type).matches() ? type : fallback;
	}

	/** A caption as the diary keeps it: PostgreSQL cannot store NUL. */
	private static String stripNul(@Nullable String caption) {
		return (caption == null) ? "" : caption.replace("\u0000", "");
	}

	/** Commands start with a slash; they are never diary entries. */
	private static boolean isCommand(String text) {
		return text.strip().startsWith("/");
	}

	private static ChatEntries.@Nullable Forwarded forwarded(Update.@Nullable ForwardOrigin origin) {
		if (origin == null) {
			return null;
		}
		String from = null;
		if (origin.senderUser() != null) {
			from = String.join(" ",
					java.util.stream.Stream.of(origin.senderUser().firstName(), origin.senderUser().lastName())
						.filter(java.util.Objects::nonNull)
						.toList());
		}
		else if (origin.senderUserName() != null) {
			from = origin.senderUserName();
		}
		else if (origin.chat() != null && origin.chat().title() != null) {
			from = origin.chat().title();
		}
		else if (origin.senderChat() != null && origin.senderChat().title() != null) {
			from = origin.senderChat().title();
		}
		String name = (from == null || from.isBlank()) ? "?" : from.replace("\u0000", "").strip();
		name = name.codePointCount(0, name.length()) > 256 ? name.substring(0, name.offsetByCodePoints(0, 256)) : name;
		return new ChatEntries.Forwarded(name, Instant.ofEpochSecond(origin.date()));
	}

	private static BotEvent ofMembership(Update.ChatMemberUpdated change) {
		if (change.chat() == null || !change.chat().isPrivate() || change.newChatMember() == null
				|| change.chat().id() <= 0) {
			return new Ignored("a membership change outside a private chat");
		}
		if (change.from() == null || change.from().id() != change.chat().id()) {
			// Only the user can block or unblock the bot in their private chat.
			return new Invalid("a private membership change not made by the chat's user");
		}
		return switch (String.valueOf(change.newChatMember().status())) {
			case "kicked" -> new MembershipChanged(change.chat().id(), true);
			case "member" -> new MembershipChanged(change.chat().id(), false);
			default -> new Ignored("a membership status the bot does not track");
		};
	}

	private static @Nullable String payload(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String candidate = text.strip();
		return PAYLOAD.matcher(candidate).matches() ? candidate : null;
	}

}
