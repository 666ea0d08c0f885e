package app.speakingdiary.media;

import org.jspecify.annotations.Nullable;

/**
 * An entry's file as the API shows it: {@code url} is a short-lived signed link, present
 * once the file is stored.
 */
public record MediaView(String mimeType, @Nullable Integer duration, @Nullable Long size, String status,
		@Nullable String url) {
}
