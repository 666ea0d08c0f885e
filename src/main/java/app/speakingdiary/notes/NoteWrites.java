package app.speakingdiary.notes;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;

/**
 * Writes a user's notes within their limits: writes per minute and what they may keep,
 * both checked in the transaction that writes, so that a refused write leaves nothing
 * behind and replicas sharing the database agree.
 */
@Service
class NoteWrites {

	private final Notes notes;

	private final RateLimits rateLimits;

	private final TransactionTemplate transactions;

	private final DiaryProperties.Notes limits;

	NoteWrites(Notes notes, RateLimits rateLimits, TransactionTemplate transactions, DiaryProperties properties) {
		this.notes = notes;
		this.rateLimits = rateLimits;
		this.transactions = transactions;
		this.limits = properties.notes();
	}

	Note create(long userId, String text) {
		long bytes = text.getBytes(StandardCharsets.UTF_8).length;
		return this.transactions.execute((status) -> {
			this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
			Notes.Usage usage = this.notes.lockUsage(userId);
			if (usage.notes() + 1 > this.limits.maxPerUser()
					|| usage.bytes() + bytes > this.limits.maxBytesPerUser().toBytes()) {
				throw new NoteQuotaExceededException(this.limits.maxPerUser(), this.limits.maxBytesPerUser());
			}
			return this.notes.create(userId, text);
		});
	}

	boolean delete(long userId, long noteId) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
			return this.notes.delete(userId, noteId);
		}));
	}

}
