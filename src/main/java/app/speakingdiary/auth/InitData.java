package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * Validated Telegram Mini App initData. Which fields are present depends on how the Mini
 * App was opened: a button in a private chat brings {@code query_id}, a direct link
 * {@code chat_type} and {@code chat_instance}. {@code fields} holds every received pair,
 * decoded, including unknown ones.
 */
public record InitData(@Nullable User user, @Nullable User receiver, @Nullable Chat chat, @Nullable String chatType,
		@Nullable String chatInstance, @Nullable String startParam, @Nullable String queryId, Instant authDate,
		@Nullable String hash, @Nullable String signature, Map<String, String> fields) {

	public record User(long id, boolean isBot, @Nullable String firstName, @Nullable String lastName,
			@Nullable String username, @Nullable String languageCode, @Nullable Boolean isPremium,
			@Nullable String photoUrl) {
	}

	public record Chat(long id, @Nullable String type, @Nullable String title, @Nullable String username,
			@Nullable String photoUrl) {
	}

}
