package app.speakingdiary.media;

import java.util.Optional;
import java.util.stream.Stream;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.config.DiaryProperties;

/**
 * Copies an entry's file from Telegram into the {@link MediaStore}: {@code getFile}, then
 * the file's download URL, as a db-scheduler task ({@value #NAME}, one per entry). The
 * task runs after the webhook has answered, on one replica at a time, again after a crash
 * (its heartbeats stop), and again with backoff after a failure that may pass, up to
 * {@code MEDIA_DOWNLOAD_ATTEMPTS} times in all; then the file is marked failed. Nothing
 * logged here carries the download URL, which holds the bot token.
 */
@Configuration(proxyBeanMethods = false)
class MediaDownloads {

	static final String NAME = "media-download";

	static final TaskDescriptor<Void> TASK = TaskDescriptor.of(NAME);

	private static final Logger logger = LoggerFactory.getLogger(MediaDownloads.class);

	private final JdbcClient jdbc;

	private final FileSource files;

	private final MediaStore store;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final DiaryProperties.Media settings;

	MediaDownloads(JdbcClient jdbc, FileSource files, MediaStore store, TransactionTemplate transactions,
			ApplicationEventPublisher events, DiaryProperties properties) {
		this.jdbc = jdbc;
		this.files = files;
		this.store = store;
		this.transactions = transactions;
		this.events = events;
		this.settings = properties.media();
	}

	@Bean
	OneTimeTask<Void> mediaDownloadTask() {
		return Tasks.oneTime(TASK)
			.onFailure(new FailureHandler.MaxRetriesFailureHandler<>(this.settings.downloadAttempts() - 1,
					new FailureHandler.ExponentialBackoffFailureHandler<>(this.settings.downloadBackoff(), 2.0),
					(complete, operations) -> giveUp(Long.parseLong(complete.getExecution().taskInstance.getId()),
							complete.getCause().map(Throwable::getMessage).orElse("failed"))))
			.execute((instance, context) -> attempt(Long.parseLong(instance.getId()),
					context.getExecution().consecutiveFailures + 1));
	}

	/**
	 * One attempt; a failure that may pass is thrown for db-scheduler to retry with
	 * backoff, unless this was the last attempt: then, as after a failure that will not
	 * pass, the file is marked failed here, so that the give-up is part of the attempt
	 * and cannot be lost.
	 */
	void attempt(long noteId, int attempt) {
		try {
			download(noteId);
		}
		catch (FileSource.Unavailable ex) {
			if (!ex.retryable() || attempt >= this.settings.downloadAttempts()) {
				giveUp(noteId, ex.getMessage() + " (attempt " + attempt + ")");
				return;
			}
			logger.info("Copying the file of entry {} failed, attempt {} of {}: {}", noteId, attempt,
					this.settings.downloadAttempts(), ex.getMessage());
			throw ex;
		}
	}

	/** Throws {@link FileSource.Unavailable} when trying again later may help. */
	void download(long noteId) {
		Optional<Pending> found = this.jdbc.sql("""
				SELECT user_id, file_id, kind FROM media WHERE note_id = :noteId AND status = 'pending'""")
			.param("noteId", noteId)
			.query((rs, row) -> new Pending(noteId, rs.getLong("user_id"), rs.getString("file_id"),
					rs.getString("kind")))
			.optional();
		if (found.isEmpty()) {
			// Deleted, or done by an earlier run that died before db-scheduler heard of
			// it.
			return;
		}
		Pending media = found.get();
		FileSource.Described described = this.files.describe(media.fileId(), this.settings.downloadTimeout());
		if (described instanceof FileSource.Described.Refused refused) {
			finish(media, MediaStatus.FAILED, null, refused.reason());
			return;
		}
		if (!(described instanceof FileSource.Described.Found file)
				|| file.size() > this.settings.maxFileSize().toBytes()) {
			finish(media, MediaStatus.TOO_LARGE, null, "larger than the download limit");
			return;
		}
		long size;
		try {
			size = copy(media, file.path());
		}
		catch (TooLarge ex) {
			finish(media, MediaStatus.TOO_LARGE, null, "larger than the download limit");
			return;
		}
		catch (DataIntegrityViolationException ex) {
			if (this.jdbc.sql("SELECT count(*) FROM media WHERE note_id = :noteId")
				.param("noteId", media.noteId())
				.query(Long.class)
				.single() == 0) {
				// The entry was deleted while its file was coming.
				return;
			}
			// Another run of this download (revived while this one was still alive) wrote
			// the same chunk.
			throw new FileSource.Unavailable("another run wrote this file at the same time", true);
		}
		finish(media, MediaStatus.STORED, size, null);
	}

	/**
	 * Streams the file into the store, never holding more than a chunk of it; refuses to
	 * keep more than the download limit whatever Telegram announced.
	 */
	private long copy(Pending media, String filePath) {
		long limit = this.settings.maxFileSize().toBytes();
		long deadline = System.nanoTime() + this.settings.downloadTimeout().toNanos();
		MediaStore.Writer writer = this.store.open(media.noteId());
		long written = 0;
		// Closing the stream cancels the download (its connection is let go) and releases
		// the buffers that had arrived: whichever way this loop ends.
		try (Stream<DataBuffer> buffers = this.files.download(filePath, this.settings.downloadTimeout())
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.toStream(4)) {
			for (DataBuffer buffer : (Iterable<DataBuffer>) buffers::iterator) {
				try {
					int length = buffer.readableByteCount();
					written += length;
					if (written > limit) {
						throw new TooLarge();
					}
					if (System.nanoTime() > deadline) {
						// A trickle that never pauses long enough for the read timeout.
						throw new FileSource.Unavailable("the download took longer than MEDIA_DOWNLOAD_TIMEOUT", true);
					}
					byte[] bytes = new byte[length];
					buffer.read(bytes);
					writer.write(bytes, 0, length);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			}
		}
		return writer.finish();
	}

	private void finish(Pending media, MediaStatus wanted, @Nullable Long size, @Nullable String wantedFailure) {
		this.transactions.executeWithoutResult((tx) -> {
			MediaStatus status = wanted;
			String failure = wantedFailure;
			if (wanted == MediaStatus.STORED && size != null) {
				verifyChunks(media.noteId(), size);
				if (!roomFor(media, size)) {
					status = MediaStatus.OVER_QUOTA;
					failure = "the user's storage is full";
					logger.info("The file of entry {} was not kept: {}", media.noteId(), failure);
				}
			}
			int changed = this.jdbc.sql("""
					UPDATE media SET status = :status, stored_size = :size, failure = :failure,
					    stored_at = CASE WHEN :status = 'stored' THEN now() END
					WHERE note_id = :noteId AND status = 'pending'""")
				.param("status", status.value())
				.param("size", (status == MediaStatus.STORED) ? size : null)
				.param("failure", failure)
				.param("noteId", media.noteId())
				.update();
			if (status != MediaStatus.STORED) {
				this.jdbc.sql("DELETE FROM media_chunk WHERE note_id = :noteId")
					.param("noteId", media.noteId())
					.update();
			}
			if (changed == 1 && status == MediaStatus.STORED) {
				this.events.publishEvent(new MediaStored(media.noteId(), media.userId(), media.kind()));
			}
		});
		if (wanted != MediaStatus.STORED) {
			logger.info("The file of entry {} was not kept: {}", media.noteId(), wantedFailure);
		}

	}

	/**
	 * What was written is the whole file, once: a run revived while another was still
	 * writing could have interleaved with it.
	 */
	private void verifyChunks(long noteId, long size) {
		boolean whole = this.jdbc.sql("""
				SELECT count(*) = :chunks AND coalesce(sum(octet_length(bytes)), 0) = :size
				FROM media_chunk WHERE note_id = :noteId""")
			.param("chunks", (size + PostgresMediaStore.CHUNK - 1) / PostgresMediaStore.CHUNK)
			.param("size", size)
			.param("noteId", noteId)
			.query(Boolean.class)
			.single();
		if (!whole) {
			throw new FileSource.Unavailable("the stored chunks do not add up to the file", true);
		}
	}

	/**
	 * The quota again with the real size (Telegram may not have announced one), under a
	 * lock on the user's files, so that two downloads finishing at once cannot both take
	 * the last of it.
	 */
	private boolean roomFor(Pending media, long size) {
		this.jdbc.sql("SELECT note_id FROM media WHERE user_id = :userId ORDER BY note_id FOR UPDATE")
			.param("userId", media.userId())
			.query(Long.class)
			.list();
		long others = this.jdbc.sql("""
				SELECT coalesce(sum(CASE WHEN status = 'stored' THEN stored_size ELSE coalesce(size, 0) END), 0)
				FROM media WHERE user_id = :userId AND status IN ('pending', 'stored') AND note_id <> :noteId""")
			.param("userId", media.userId())
			.param("noteId", media.noteId())
			.query(Long.class)
			.single();
		return others + size <= this.settings.maxBytesPerUser().toBytes();
	}

	private void giveUp(long noteId, String reason) {
		logger.warn("Gave up copying the file of entry {}: {}", noteId, reason);
		this.jdbc.sql(
				"UPDATE media SET status = 'failed', failure = :failure WHERE note_id = :noteId AND status = 'pending'")
			.param("failure", reason.length() > 500 ? reason.substring(0, 500) : reason)
			.param("noteId", noteId)
			.update();
		this.jdbc.sql("DELETE FROM media_chunk WHERE note_id = :noteId").param("noteId", noteId).update();
	}

	private record Pending(long noteId, long userId, String fileId, String kind) {
	}

	/** More bytes came than the download limit allows. */
	private static final class TooLarge extends RuntimeException {

		TooLarge() {
			super("larger than the download limit", null, false, false);
		}

	}

}
