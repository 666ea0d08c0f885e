package app.speakingdiary.media;

import org.jspecify.annotations.Nullable;

/**
 * A file a chat message carries, as Telegram describes it: {@code kind} is {@code voice},
 * {@code audio}, {@code video_note} or {@code photo}; {@code size} is what Telegram
 * announced, when it did.
 */
public record Attachment(String kind, String fileId, String fileUniqueId, String mimeType, @Nullable Integer duration,
		@Nullable Integer width, @Nullable Integer height, @Nullable Long size) {

	/** Kinds whose speech can be transcribed. */
	public boolean isRecording() {
		return !"photo".equals(this.kind);
	}

}
