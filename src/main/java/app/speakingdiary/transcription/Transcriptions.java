package app.speakingdiary.transcription;

import java.time.Instant;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.media.MediaLibrary;
import app.speakingdiary.media.MediaStore;
import app.speakingdiary.media.MediaStored;
import app.speakingdiary.note.Transcripts;
import app.speakingdiary.telegram.outbox.Outbox;
import app.speakingdiary.telegram.replies.BotReplies;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;

/**
 * Transcribes a recording once it is stored: a db-scheduler task ({@value #NAME}, one per
 * entry) that survives restarts, runs on one replica, and is retried with backoff on 429,
 * 5xx, timeouts and unreadable answers, up to {@code STT_MAX_ATTEMPTS} times; then the
 * transcript is marked failed. The transcript is kept on the entry, and the bot's
 * acknowledgement is edited to show it. Without {@code STT_URL} nothing is scheduled and
 * recordings are kept without transcripts.
 */
@Configuration(proxyBeanMethods = false)
class Transcriptions {

	static final String NAME = "transcription";

	static final TaskDescriptor<Void> TASK = TaskDescriptor.of(NAME);

	private static final Logger logger = LoggerFactory.getLogger(Transcriptions.class);

	private final SpeechToText speech;

	private final Transcripts transcripts;

	private final MediaLibrary media;

	private final MediaStore store;

	private final TelegramUsers users;

	private final Outbox outbox;

	private final BotReplies replies;

	private final SchedulerClient scheduler;

	private final TransactionTemplate transactions;

	private final DiaryProperties properties;

	Transcriptions(SpeechToText speech, Transcripts transcripts, MediaLibrary media, MediaStore store,
			TelegramUsers users, Outbox outbox, BotReplies replies, SchedulerClient scheduler,
			TransactionTemplate transactions, DiaryProperties properties) {
		this.speech = speech;
		this.transcripts = transcripts;
		this.media = media;
		this.store = store;
		this.users = users;
		this.outbox = outbox;
		this.replies = replies;
		this.scheduler = scheduler;
		this.transactions = transactions;
		this.properties = properties;
	}

	@Bean
	OneTimeTask<Void> transcriptionTask() {
		DiaryProperties.Speech settings = this.properties.speech();
		return Tasks.oneTime(TASK)
			.onFailure(new FailureHandler.MaxRetriesFailureHandler<>(settings.maxAttempts() - 1,
					new FailureHandler.ExponentialBackoffFailureHandler<>(settings.backoff(), 2.0),
					(complete, operations) -> giveUp(Long.parseLong(complete.getExecution().taskInstance.getId()),
							complete.getCause().map(Throwable::getMessage).orElse("failed"))))
			.execute((instance, context) -> transcribe(Long.parseLong(instance.getId())));
	}

	/**
	 * In the transaction that marks the file stored: the transcription is scheduled
	 * exactly when the file is there to read.
	 */
	@EventListener
	void stored(MediaStored file) {
		if (!this.speech.enabled() || "photo".equals(file.kind())) {
			return;
		}
		this.transcripts.expect(file.noteId());
		this.scheduler.scheduleIfNotExists(TASK.instance(Long.toString(file.noteId())).scheduledTo(Instant.now()));
	}

	/** Throws when trying again later may help. */
	void transcribe(long noteId) {
		Optional<Transcripts.Waiting> waiting = this.transcripts.waiting(noteId);
		Optional<MediaLibrary.Recording> recording = this.media.recording(noteId);
		if (waiting.isEmpty() || recording.isEmpty()) {
			// Deleted, or transcribed by an earlier run that died before db-scheduler
			// heard of it.
			return;
		}
		MediaLibrary.Recording file = recording.get();
		String languageCode = this.users.find(file.userId()).map(TelegramProfile::languageCode).orElse(null);
		SpeechToText.Result result = this.speech.transcribe(this.store.read(noteId, 0, file.size() - 1),
				file.fileName(), file.mimeType(), SpeechToText.language(languageCode));
		if (result instanceof SpeechToText.Result.Text text) {
			keep(waiting.get(), text.text(), languageCode);
		}
		else if (result instanceof SpeechToText.Result.Refused refused) {
			logger.warn("The speech-to-text server refused entry {}: {}", noteId, refused.reason());
			this.transcripts.failed(noteId);
		}
		else if (result instanceof SpeechToText.Result.Retry retry) {
			logger.info("Transcribing entry {} failed, to be retried: {}", noteId, retry.reason());
			throw new TranscriptionFailed(retry.reason());
		}
	}

	private void keep(Transcripts.Waiting entry, String text, @Nullable String languageCode) {
		this.transactions.executeWithoutResult((tx) -> {
			Optional<String> kept = this.transcripts.done(entry.noteId(), text);
			Long messageId = entry.chatMessageId();
			if (kept.isEmpty() || kept.get().isEmpty() || messageId == null) {
				return;
			}
			long chatId = entry.userId();
			this.outbox.enqueue(
					Outbox.Message.editing(chatId, BotReplies.entrySubject(entry.noteId()),
							this.replies.transcribed(chatId, languageCode, messageId, entry.noteId(), kept.get())),
					this.properties.outbox().maxOpenPerChat());
		});
	}

	private void giveUp(long noteId, String reason) {
		logger.warn("Gave up transcribing entry {}: {}", noteId, reason);
		this.transcripts.failed(noteId);
	}

	/** A failure that may pass; its message is safe to log. */
	static final class TranscriptionFailed extends RuntimeException {

		TranscriptionFailed(String reason) {
			super(reason, null, false, false);
		}

	}

}
