package app.speakingdiary.note;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A diary note of one user. {@code id} is null until the note is saved. {@code createdAt}
 * is when it was written, {@code date} the moment it is about, to the microsecond
 * PostgreSQL keeps.
 */
@Table("note")
record Note(@Id @Nullable Long id, long userId, String text, Instant createdAt, @Column("entry_date") Instant date) {

	/** The saved note's id. */
	long savedId() {
		if (this.id == null) {
			throw new IllegalStateException("The note is not saved yet");
		}
		return this.id;
	}

}
