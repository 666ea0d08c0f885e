package app.speakingdiary.telegram.webhook;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a Telegram Update this bot reads. Telegram adds kinds and fields often:
 * whatever is not named here is ignored. Ids are 64-bit: user and chat ids exceed 32
 * bits.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Update(Long updateId, @Nullable Message message, @Nullable Message editedMessage,
		@Nullable CallbackQuery callbackQuery, @Nullable ChatMemberUpdated myChatMember) {

	/** {@code date} is Unix time in seconds. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Message(long messageId, @Nullable User from, @Nullable Chat chat, @Nullable String text, long date,
			@Nullable ForwardOrigin forwardOrigin, @Nullable String caption, @Nullable Voice voice,
			@Nullable Audio audio, @Nullable VideoNote videoNote, @Nullable List<PhotoSize> photo) {

		Message(long messageId, @Nullable User from, @Nullable Chat chat, @Nullable String text, long date,
				@Nullable ForwardOrigin forwardOrigin) {
			this(messageId, from, chat, text, date, forwardOrigin, null, null, null, null, null);
		}

	}

	/** A voice message: OGG/Opus as Telegram's apps record it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Voice(@Nullable String fileId, @Nullable String fileUniqueId, int duration, @Nullable String mimeType,
			@Nullable Long fileSize) {

	}

	/** A music or audio file sent as such. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Audio(@Nullable String fileId, @Nullable String fileUniqueId, int duration, @Nullable String mimeType,
			@Nullable Long fileSize) {

	}

	/** A round video message: a square MPEG-4 video, {@code length} pixels wide. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VideoNote(@Nullable String fileId, @Nullable String fileUniqueId, int length, int duration,
			@Nullable Long fileSize) {

	}

	/** One size of a photo; Telegram lists them smallest first. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record PhotoSize(@Nullable String fileId, @Nullable String fileUniqueId, int width, int height,
			@Nullable Long fileSize) {

	}

	/**
	 * Where a forwarded message came from (Bot API 7.0): a user, a user who hides their
	 * account ({@code senderUserName}), a chat or a channel.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ForwardOrigin(@Nullable String type, long date, @Nullable User senderUser, @Nullable String senderUserName,
			@Nullable Chat senderChat, @Nullable Chat chat) {

	}

	/**
	 * A press on an inline button; {@code message} is the bot's message that carried it.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CallbackQuery(@Nullable String id, @Nullable User from, @Nullable Message message, @Nullable String data) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record User(long id, boolean isBot, @Nullable String firstName, @Nullable String lastName,
			@Nullable String username, @Nullable String languageCode) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Chat(long id, @Nullable String type, @Nullable String title) {

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
