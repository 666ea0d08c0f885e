package app.speakingdiary.note;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.speakingdiary.system.InvalidRequestException;

/**
 * Where a page of notes, newest first by their date, stopped: the last note's date and
 * id. A page goes on from that place in the order, not from that note, so a note whose
 * date changed meanwhile, or notes sharing a date, never make a page skip or repeat.
 * Opaque to clients (base64url), so that its form may change.
 */
record NoteCursor(Instant date, long id) {

	private static final Pattern FORM = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,19})");

	static NoteCursor after(NotesController.NoteBody note) {
		return new NoteCursor(note.date(), note.id());
	}

	/** The newest possible place: a first page. */
	static NoteCursor first() {
		return new NoteCursor(Instant.parse("9999-12-31T00:00:00Z"), Long.MAX_VALUE);
	}

	String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.date);
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((micros + "." + this.id).getBytes(StandardCharsets.US_ASCII));
	}

	static NoteCursor parse(String cursor) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
			Matcher form = FORM.matcher(decoded);
			if (form.matches()) {
				Instant date = Instant.EPOCH.plus(Long.parseLong(form.group(1)), ChronoUnit.MICROS);
				// Within what PostgreSQL and the notes can hold, so no value reaches the
				// database out of its range.
				if (!date.isBefore(EntryDate.EARLIEST) && !date.isAfter(first().date())) {
					return new NoteCursor(date, Long.parseLong(form.group(2)));
				}
			}
		}
		catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException ex) {
			// answered below
		}
		throw new InvalidRequestException("cursor must be a page's next_cursor, as it was given.");
	}

}
