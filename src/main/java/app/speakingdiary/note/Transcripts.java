package app.speakingdiary.note;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transcripts of voice, audio and video note entries, kept on the entry: asked for
 * ({@code pending}), then {@code done} with the text or {@code failed}.
 */
@Service
public class Transcripts {

	/** The longest transcript kept (the database's ceiling). */
	static final int MAX_LENGTH = 65536;

	private final JdbcClient jdbc;

	Transcripts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An entry waiting for its transcript, and what replying about it needs. */
	public record Waiting(long noteId, long userId, @Nullable Long chatMessageId) {
	}

	/** In the caller's transaction. */
	@Transactional
	public void expect(long noteId) {
		this.jdbc.sql("UPDATE note SET transcript_status = 'pending' WHERE id = :id AND transcript_status IS NULL")
			.param("id", noteId)
			.update();
	}

	/** The entry, while its transcript is still to come; empty once deleted or done. */
	public Optional<Waiting> waiting(long noteId) {
		return this.jdbc
			.sql("SELECT id, user_id, chat_message_id FROM note WHERE id = :id AND transcript_status = 'pending'")
			.param("id", noteId)
			.query((rs, row) -> new Waiting(rs.getLong("id"), rs.getLong("user_id"),
					(Long) rs.getObject("chat_message_id")))
			.optional();
	}

	/**
	 * Keeps the transcript, once, as PostgreSQL can store it (see {@link #clean}): what
	 * was kept, or empty when the entry is gone or already has one. In the caller's
	 * transaction.
	 */
	@Transactional
	public Optional<String> done(long noteId, String text) {
		String kept = clean(text);
		boolean changed = this.jdbc.sql("""
				UPDATE note SET transcript_status = 'done', transcript = :text
				WHERE id = :id AND transcript_status = 'pending'""")
			.param("text", kept)
			.param("id", noteId)
			.update() == 1;
		return changed ? Optional.of(kept) : Optional.empty();
	}

	@Transactional
	public void failed(long noteId) {
		this.jdbc.sql("UPDATE note SET transcript_status = 'failed' WHERE id = :id AND transcript_status = 'pending'")
			.param("id", noteId)
			.update();
	}

	/**
	 * What PostgreSQL can keep of a server's text: no NUL, no lone surrogates, at most
	 * {@link #MAX_LENGTH} code points.
	 */
	static String clean(String text) {
		StringBuilder kept = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
		int count = 0;
		for (int i = 0; i < text.length() && count < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				kept.append(c).append(text.charAt(++i));
			}
			else if (c != '\u0000' && !Character.isSurrogate(c)) {
				kept.append(c);
			}
			else {
				continue;
			}
			count++;
		}
		return kept.toString().strip();
	}

}
