package app.speakingdiary.telegram;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The parts of a Telegram Update this bot reads. Telegram adds kinds and fields often:
 * whatever is not named here is ignored. Ids are 64-bit: user and chat ids exceed 32
 * bits.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Update(Long updateId, Message message, ChatMemberUpdated myChatMember) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Message(long messageId, User from, Chat chat, String text) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record User(long id, boolean isBot, String firstName, String lastName, String username, String languageCode) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Chat(long id, String type) {

		boolean isPrivate() {
			return "private".equals(this.type);
		}

		boolean isGroup() {
			return "group".equals(this.type) || "supergroup".equals(this.type);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChatMemberUpdated(Chat chat, User from, ChatMember newChatMember) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChatMember(String status) {

	}

}
