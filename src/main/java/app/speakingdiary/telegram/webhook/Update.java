package app.speakingdiary.telegram.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a Telegram Update this bot reads. Telegram adds kinds and fields often:
 * whatever is not named here is ignored. Ids are 64-bit: user and chat ids exceed 32
 * bits.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Update(Long updateId, @Nullable Message message, @Nullable ChatMemberUpdated myChatMember) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Message(long messageId, @Nullable User from, @Nullable Chat chat, @Nullable String text) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record User(long id, boolean isBot, @Nullable String firstName, @Nullable String lastName,
			@Nullable String username, @Nullable String languageCode) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Chat(long id, @Nullable String type) {

		boolean isPrivate() {
			return "private".equals(this.type);
		}

		boolean isGroup() {
			return "group".equals(this.type) || "supergroup".equals(this.type);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChatMemberUpdated(@Nullable Chat chat, @Nullable User from, @Nullable ChatMember newChatMember) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChatMember(@Nullable String status) {

	}

}
