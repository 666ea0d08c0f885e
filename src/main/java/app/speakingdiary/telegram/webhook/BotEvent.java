package app.speakingdiary.telegram.webhook;

import org.jspecify.annotations.Nullable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	/** {@code /help} or any other private text. */
	record Help(long chatId, @Nullable String languageCode) implements BotEvent {
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

	static BotEvent of(Update update) {
		if (update.message() != null) {
			return ofMessage(update.message());
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
			if (from.isBot() || from.id() <= 0 || message.text() == null) {
				return new Ignored("a private message without text from a person");
			}
			// Replies go to the sender, the one id the rest of the update is checked
			// against.
			return isStart ? new StartInPrivate(from, from.id(), payload) : new Help(from.id(), from.languageCode());
		}
		// Telegram's group and supergroup ids are negative; a positive one would be a
		// user's private chat.
		if (message.chat().isGroup() && message.chat().id() < 0 && isStart) {
			return new StartInGroup(message.chat().id(), payload, start.group(1),
					(from != null) ? from.languageCode() : null);
		}
		return new Ignored("a group or channel message that is not /start");
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
