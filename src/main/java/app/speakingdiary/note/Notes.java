package app.speakingdiary.note;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;

/**
 * Writes a user's notes from the API within their limits (writes per minute and what they
 * may keep), both checked in the transaction that writes, so that a refused write leaves
 * nothing behind and replicas sharing the database agree. Pages are read by
 * {@link NotePages}, chat entries written by {@link ChatEntries}.
 */
@Service
class Notes {

	private final NoteRepository notes;

	private final NoteUsage usage;

	private final RateLimits rateLimits;

	private final DiaryProperties.Notes limits;

	private final Clock clock;

	Notes(NoteRepository notes, NoteUsage usage, RateLimits rateLimits, DiaryProperties properties, Clock clock) {
		this.notes = notes;
		this.usage = usage;
		this.rateLimits = rateLimits;
		this.limits = properties.notes();
		this.clock = clock;
	}

	@Transactional
	public Note create(long userId, String text) {
		this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
		if (!this.usage.hasRoomFor(userId, text)) {
			throw new NoteQuotaExceededException(this.limits.maxPerUser(), this.limits.maxBytesPerUser());
		}
		return this.notes.save(new Note(null, userId, text, this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
	}

	@Transactional
	public boolean delete(long userId, long noteId) {
		this.rateLimits.check(userId, RateLimits.Action.NOTE_WRITE, this.limits.writesPerMinute());
		return this.notes.deleteOwned(noteId, userId);
	}

}
