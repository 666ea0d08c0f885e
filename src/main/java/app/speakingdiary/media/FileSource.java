package app.speakingdiary.media;

import java.time.Duration;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * Where chat files come from: Telegram's Bot API ({@code getFile} and the file download
 * URL), implemented by the Bot API client so that this feature does not depend on it.
 * Nothing these methods throw or return may carry the bot token.
 */
public interface FileSource {

	/** What {@code getFile} said of a file. */
	sealed interface Described {

		/** The file can be downloaded from {@code path}; {@code size} when announced. */
		record Found(String path, long size) implements Described {
		}

		/** Over the Bot API's download limit. */
		record TooLarge() implements Described {
		}

		/** Telegram refused the file for good (an unknown or expired file id). */
		record Refused(String reason) implements Described {
		}

	}

	/** Blocking. Throws {@link Unavailable} when asking again later may help. */
	Described describe(String fileId, Duration timeout);

	/**
	 * The file's bytes as they arrive; fails with {@link Unavailable}.
	 */
	Flux<DataBuffer> download(String path, Duration timeout);

	/**
	 * A failure to get a file; {@code retryable} when trying again may help. Its message
	 * names only the failure's kind, and it has no cause that could carry a URL.
	 */
	final class Unavailable extends RuntimeException {

		private final boolean retryable;

		public Unavailable(String message, boolean retryable) {
			super(message, null, false, false);
			this.retryable = retryable;
		}

		public boolean retryable() {
			return this.retryable;
		}

	}

}
