package app.speakingdiary.auth;

import java.time.Instant;
import java.util.Map;

/**
 * Validated Telegram Mini App initData. Which fields are present depends on how the Mini App was opened: a button
 * in a private chat brings {@code query_id}, a direct link {@code chat_type} and {@code chat_instance}.
 * {@code fields} holds every received pair, decoded, including unknown ones.
 */
public record InitData(User user, User receiver, Chat chat, String chatType, String chatInstance, String startParam,
		String queryId, Instant authDate, String hash, String signature, Map<String, String> fields) {

	public record User(long id, boolean isBot, String firstName, String lastName, String username,
			String languageCode, Boolean isPremium, String photoUrl) {
	}

	public record Chat(long id, String type, String title, String username, String photoUrl) {
	}

}
