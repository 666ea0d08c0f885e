package app.speakingdiary.telegram;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.node.ObjectNode;

/**
 * The transactional outbox of Bot API calls. Rows are written in the transaction that handles an update and
 * claimed by senders with {@code FOR UPDATE SKIP LOCKED}, so replicas sharing the database never claim one row
 * twice. A chat's messages go out in order, one at a time and at most one per {@code perChatInterval}.
 */
@Repository
class Outbox {

	// Once a message is finished, the session token in its button URL is no longer needed, so it is not kept.
	private static final String REDACT_SESSION = "regexp_replace(payload::text, 'session=[A-Za-z0-9_-]+', 'session=redacted', 'g')::jsonb";

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A claimed row: {@code attempts} counts this attempt. */
	record Claimed(long id, long chatId, String method, String payload, int attempts) {
	}

	void enqueue(long chatId, String method, ObjectNode payload) {
		this.jdbc.sql("INSERT INTO bot_outbox (chat_id, method, payload) VALUES (:chatId, :method, :payload::jsonb)")
			.param("chatId", chatId)
			.param("method", method)
			.param("payload", payload.toString())
			.update();
	}

	/**
	 * Claims due rows for {@code lease}: a row whose sender dies is claimed again once the lease ends. A row is due
	 * when no earlier row of its chat is still open and its chat has had no message within the pacing interval.
	 */
	List<Claimed> claim(int limit, Duration lease, Duration perChatInterval) {
		return this.jdbc.sql("""
				UPDATE bot_outbox o
				SET status = 'SENDING', attempts = o.attempts + 1,
				    next_attempt_at = now() + make_interval(secs => :leaseSeconds)
				WHERE o.id IN (
				    SELECT c.id FROM bot_outbox c
				    WHERE c.status IN ('PENDING', 'SENDING') AND c.next_attempt_at <= now()
				      AND NOT EXISTS (SELECT 1 FROM bot_outbox e
				                      WHERE e.chat_id = c.chat_id AND e.id < c.id AND e.status IN ('PENDING', 'SENDING'))
				      AND NOT EXISTS (SELECT 1 FROM bot_outbox s
				                      WHERE s.chat_id = c.chat_id AND s.status = 'SENT'
				                        AND s.sent_at > now() - make_interval(secs => :paceSeconds))
				    ORDER BY c.next_attempt_at, c.id
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED)
				RETURNING o.id, o.chat_id, o.method, o.payload::text AS payload, o.attempts""")
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.param("paceSeconds", perChatInterval.toMillis() / 1000.0)
			.param("limit", limit)
			.query((rs, row) -> new Claimed(rs.getLong("id"), rs.getLong("chat_id"), rs.getString("method"),
					rs.getString("payload"), rs.getInt("attempts")))
			.list();
	}

	void markSent(long id) {
		this.jdbc.sql("""
				UPDATE bot_outbox SET status = 'SENT', sent_at = now(), last_error = NULL,
				    payload = %s
				WHERE id = :id""".formatted(REDACT_SESSION)).param("id", id).update();
	}

	void retryAfter(long id, Duration delay, String error) {
		this.jdbc.sql("""
				UPDATE bot_outbox SET status = 'PENDING', last_error = :error,
				    next_attempt_at = now() + make_interval(secs => :delaySeconds)
				WHERE id = :id AND status = 'SENDING'""")
			.param("id", id)
			.param("delaySeconds", delay.toMillis() / 1000.0)
			.param("error", error)
			.update();
	}

	void fail(long id, String error) {
		this.jdbc.sql("""
				UPDATE bot_outbox SET status = 'FAILED', last_error = :error,
				    payload = %s
				WHERE id = :id""".formatted(REDACT_SESSION)).param("id", id).param("error", error).update();
	}

	/** Gives up on every undelivered message to a chat, e.g. when the user blocked the bot. */
	int failOpen(long chatId, String error) {
		return this.jdbc.sql("""
				UPDATE bot_outbox SET status = 'FAILED', last_error = :error,
				    payload = %s
				WHERE chat_id = :chatId AND status = 'PENDING'""".formatted(REDACT_SESSION))
			.param("chatId", chatId)
			.param("error", error)
			.update();
	}

	int purgeFinishedBefore(Duration retention) {
		return this.jdbc.sql("""
				DELETE FROM bot_outbox
				WHERE status IN ('SENT', 'FAILED') AND created_at < now() - make_interval(secs => :seconds)""")
			.param("seconds", (double) retention.toSeconds())
			.update();
	}

}
