package app.speakingdiary.note;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The #hashtags of notes: Unicode letters, digits and underscores after a {@code #} that
 * does not follow a letter or digit (so {@code C#} is no tag), lower-cased, at most
 * {@value #MAX_LENGTH} characters and {@value #MAX_PER_NOTE} a note. Kept in
 * {@code note_tag} by every writer of a note's text, in its transaction.
 */
@Configuration(proxyBeanMethods = false)
class NoteTags {

	static final int MAX_LENGTH = 64;

	static final int MAX_PER_NOTE = 50;

	private static final Pattern TAG = Pattern.compile("(?<![\\p{L}\\p{N}_#])#([\\p{L}\\p{N}_]+)",
			Pattern.UNICODE_CHARACTER_CLASS);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	NoteTags(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** The tags of a text, in the order they first appear. */
	static List<String> of(String text) {
		Set<String> tags = new LinkedHashSet<>();
		Matcher matcher = TAG.matcher(text);
		while (matcher.find() && tags.size() < MAX_PER_NOTE) {
			String tag = matcher.group(1).toLowerCase(Locale.ROOT);
			if (tag.codePointCount(0, tag.length()) <= MAX_LENGTH) {
				tags.add(tag);
			}
		}
		return List.copyOf(tags);
	}

	/**
	 * True when a note was written (its id given), whose tags then become its text's; in
	 * the caller's transaction.
	 */
	boolean keepIfWritten(Optional<Long> written, long userId, String text) {
		written.ifPresent((noteId) -> keep(noteId, userId, text));
		return written.isPresent();
	}

	/** The note's tags become its text's; in the caller's transaction. */
	void keep(long noteId, long userId, String text) {
		this.jdbc.sql("DELETE FROM note_tag WHERE note_id = :noteId").param("noteId", noteId).update();
		for (String tag : of(text)) {
			this.jdbc.sql("INSERT INTO note_tag (note_id, user_id, tag) VALUES (:noteId, :userId, :tag)")
				.param("noteId", noteId)
				.param("userId", userId)
				.param("tag", tag)
				.update();
		}
	}

	/** A user's tags with how many notes have each, most used first. */
	List<NotesController.TagCount> counts(long userId) {
		return this.jdbc.sql("""
				SELECT tag, count(*) AS notes FROM note_tag WHERE user_id = :userId
				GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 1000""")
			.param("userId", userId)
			.query((rs, row) -> new NotesController.TagCount(rs.getString("tag"), rs.getLong("notes")))
			.list();
	}

	private record Written(long id, long userId, String text) {
	}

	/**
	 * Tags for the notes written before tags existed (scheduled by migration V9): a
	 * thousand notes a transaction, in id order, once.
	 */
	@Bean
	OneTimeTask<Void> noteTagsBackfill() {
		return Tasks.oneTime("note-tags-backfill").execute((instance, context) -> {
			long after = 0;
			while (true) {
				long from = after;
				// 0: nothing left (ids start at 1).
				long last = this.transactions.execute((status) -> {
					List<Written> notes = this.jdbc
						.sql("SELECT id, user_id, text FROM note WHERE id > :after ORDER BY id LIMIT 1000")
						.param("after", from)
						.query((rs, row) -> new Written(rs.getLong("id"), rs.getLong("user_id"), rs.getString("text")))
						.list();
					for (Written note : notes) {
						if (!of(note.text()).isEmpty()) {
							keep(note.id(), note.userId(), note.text());
						}
					}
					return notes.isEmpty() ? 0L : notes.get(notes.size() - 1).id();
				});
				if (last == 0) {
					return;
				}
				after = last;
			}
		});
	}

}
