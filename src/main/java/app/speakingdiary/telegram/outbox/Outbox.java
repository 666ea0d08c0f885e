package app.speakingdiary.telegram.outbox;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.node.ObjectNode;

/**
 * The transactional outbox of Bot API calls. Rows are written in the transaction that
 * handles an update; a chat's rows go out in order, one at a time and at most one per
 * {@code perChatInterval}.
 * <p>
 * {@code bot_outbox_chat} holds one row per chat with undelivered messages and when its
 * first message may next be tried. Senders claim chats with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas never send one chat's messages at once, and
 * a claim reads as many rows as there are chats with due work, however long a chat's
 * backlog. That row is the chat's lock too (see {@link #lock}).
 */
@Repository
public class Outbox {

	/**
	 * Stands in a /start reply's Mini App URL for the session token, which is issued when
	 * the message is sent: the database never holds a live token, even while Telegram is
	 * unreachable.
	 */
	public static final String SESSION_PLACEHOLDER = "SESSION_TOKEN_AT_SEND";

	private static final String OPEN = "status IN ('PENDING', 'SENDING')";

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A message to enqueue. {@code sessionForUser}: issue that user a session at send
	 * time (a /start reply).
	 */
	public record Message(long chatId, String method, ObjectNode payload, Coalesce coalesce,
			@Nullable Long sessionForUser, @Nullable String subject, @Nullable String edits) {

		public Message(long chatId, String method, ObjectNode payload, Coalesce coalesce,
				@Nullable Long sessionForUser) {
			this(chatId, method, payload, coalesce, sessionForUser, null, null);
		}

		public static Message of(long chatId, ObjectNode payload, Coalesce coalesce) {
			return new Message(chatId, "sendMessage", payload, coalesce, null);
		}

		/**
		 * This message is about {@code subject} (such as {@code entry:42}): a later
		 * {@link #editing} message edits it once it is sent.
		 */
		public Message about(String subject) {
			return new Message(this.chatId, this.method, this.payload, this.coalesce, this.sessionForUser, subject,
					this.edits);
		}

		/**
		 * A sendMessage payload that replaces the text of the sent message about
		 * {@code subject} (editMessageText, at send time), or goes out as a new message
		 * when there is none (it was never sent, or was coalesced into a later one).
		 */
		public static Message editing(long chatId, String subject, ObjectNode sendMessagePayload) {
			return new Message(chatId, "sendMessage", sendMessagePayload, Coalesce.NONE, null, null, subject);
		}

	}

	/**
	 * Replies that stand for each other: a chat has at most one of each kind waiting,
	 * refreshed in place. One being sent is left alone (its payload is already on the
	 * wire); a newer one waits behind it.
	 */
	public enum Coalesce {

		START, HELP, LIMIT, SAVED, NONE;

		@Nullable String key() {
			return (this == NONE) ? null : name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** A claimed row: {@code attempts} counts this attempt. */
	record Claimed(long id, long chatId, String method, String payload, int attempts, @Nullable Long sessionForUser,
			@Nullable String edits) {
	}

	/**
	 * Queues a message unless its chat already has {@code maxOpen} waiting; a waiting
	 * message of the same kind is refreshed instead. Returns false when the message was
	 * dropped for the cap. In the update's transaction.
	 */
	public boolean enqueue(Message message, int maxOpen) {
		// The chat's row first: it locks the chat until commit, and a chat already queued
		// keeps its due time.
		this.jdbc.sql("""
				INSERT INTO bot_outbox_chat (chat_id, due_at) VALUES (:chatId, now())
				ON CONFLICT (chat_id) DO UPDATE SET due_at = bot_outbox_chat.due_at""")
			.param("chatId", message.chatId())
			.update();
		return this.jdbc.sql("""
				INSERT INTO bot_outbox (chat_id, method, payload, coalesce_key, session_for_user, subject, edits)
				SELECT :chatId, :method, :payload::jsonb, :key, :sessionForUser, :subject, :edits
				WHERE (SELECT count(*) FROM bot_outbox WHERE chat_id = :chatId AND %1$s) < :maxOpen
				   OR EXISTS (SELECT 1 FROM bot_outbox WHERE chat_id = :chatId AND coalesce_key = :key AND %1$s)
				ON CONFLICT (chat_id, coalesce_key) WHERE status = 'PENDING' AND coalesce_key IS NOT NULL
				DO UPDATE SET payload = EXCLUDED.payload, session_for_user = EXCLUDED.session_for_user,
				    subject = EXCLUDED.subject""".formatted(OPEN))
			.param("chatId", message.chatId())
			.param("method", message.method())
			.param("payload", message.payload().toString())
			.param("key", message.coalesce().key())
			.param("sessionForUser", message.sessionForUser())
			.param("subject", message.subject())
			.param("edits", message.edits())
			.param("maxOpen", maxOpen)
			.update() == 1;
	}

	/**
	 * Claims the first message of up to {@code limit} chats whose turn has come, for
	 * {@code lease}: the chat is not due again until the lease ends, so a message whose
	 * sender dies goes out again then. A chat that turns out to have nothing to send
	 * comes back with a null message, for {@link #settle}.
	 */
	List<Claim> claim(int limit, Duration lease) {
		return this.jdbc
			.sql("""
					WITH due AS (
					    SELECT chat_id FROM bot_outbox_chat WHERE due_at <= now()
					    ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED
					), leased AS (
					    UPDATE bot_outbox_chat q SET due_at = now() + make_interval(secs => :leaseSeconds)
					    FROM due WHERE q.chat_id = due.chat_id RETURNING q.chat_id
					), heads AS (
					    SELECT leased.chat_id, (SELECT h.id FROM bot_outbox h WHERE h.chat_id = leased.chat_id AND h.%s
					                            ORDER BY h.id LIMIT 1) AS id
					    FROM leased
					), claimed AS (
					    UPDATE bot_outbox o
					    SET status = 'SENDING', attempts = o.attempts + 1,
					        next_attempt_at = now() + make_interval(secs => :leaseSeconds)
					    FROM heads WHERE o.id = heads.id
					    RETURNING o.id, o.method, o.payload::text AS payload, o.attempts, o.session_for_user, o.edits
					)
					SELECT heads.chat_id, claimed.* FROM heads LEFT JOIN claimed ON claimed.id = heads.id"""
				.formatted(OPEN))
			.param("leaseSeconds", seconds(lease))
			.param("limit", limit)
			.query((rs, row) -> {
				long chatId = rs.getLong("chat_id");
				long id = rs.getLong("id");
				return new Claim(chatId,
						rs.wasNull() ? null : new Claimed(id, chatId, rs.getString("method"), rs.getString("payload"),
								rs.getInt("attempts"), (Long) rs.getObject("session_for_user"), rs.getString("edits")));
			})
			.list();
	}

	/**
	 * A chat whose turn came, and its first message ({@code null} when it had none left).
	 */
	record Claim(long chatId, @Nullable Claimed message) {
	}

	/**
	 * The message went out; the chat's next one may go {@code pace} from now. In a
	 * transaction.
	 */
	void sent(Claimed message, @Nullable Long resultMessageId, Duration pace) {
		lock(message.chatId());
		if (this.jdbc.sql("""
				UPDATE bot_outbox SET status = 'SENT', sent_at = now(), last_error = NULL,
				    result_message_id = :resultMessageId
				WHERE\s""" + STILL_OURS)
			.param("resultMessageId", resultMessageId)
			.param("id", message.id())
			.param("attempts", message.attempts())
			.update() == 1) {
			schedule(message.chatId(), pace);
		}
	}

	/**
	 * A result changes the row only while this claim holds it: after its lease ran out
	 * another sender may have claimed it again (one more attempt), and a late result must
	 * not undo that sender's.
	 */
	private static final String STILL_OURS = "id = :id AND status = 'SENDING' AND attempts = :attempts";

	/**
	 * The message will never go out; the chat's next one may go at once. In a
	 * transaction.
	 */
	void failed(Claimed message, String error) {
		lock(message.chatId());
		if (this.jdbc.sql("UPDATE bot_outbox SET status = 'FAILED', last_error = :error WHERE " + STILL_OURS)
			.param("id", message.id())
			.param("attempts", message.attempts())
			.param("error", error)
			.update() == 1) {
			schedule(message.chatId(), Duration.ZERO);
		}
	}

	/**
	 * Tries the message, still first in its chat, again after {@code delay}; the whole
	 * chat waits. In a transaction.
	 */
	void retryAfter(Claimed message, Duration delay, String error) {
		lock(message.chatId());
		// A newer message of the same kind may have been queued while this one was being
		// sent: it stands for this one, which gives way.
		if (this.jdbc.sql("""
				UPDATE bot_outbox o SET last_error = :error,
				    status = CASE WHEN EXISTS (SELECT 1 FROM bot_outbox n WHERE n.chat_id = o.chat_id
				        AND n.coalesce_key = o.coalesce_key AND n.status = 'PENDING') THEN 'FAILED' ELSE 'PENDING' END,
				    next_attempt_at = now() + make_interval(secs => :delaySeconds)
				WHERE\s""" + STILL_OURS)
			.param("id", message.id())
			.param("attempts", message.attempts())
			.param("delaySeconds", seconds(delay))
			.param("error", error)
			.update() == 1) {
			schedule(message.chatId(), Duration.ZERO);
		}
	}

	/**
	 * Gives up on every waiting message to a chat, e.g. when the user blocked the bot. In
	 * a transaction.
	 */
	public int failAll(long chatId, String error) {
		lock(chatId);
		int failed = this.jdbc.sql("""
				UPDATE bot_outbox SET status = 'FAILED', last_error = :error
				WHERE chat_id = :chatId AND status = 'PENDING'""")
			.param("chatId", chatId)
			.param("error", error)
			.update();
		schedule(chatId, Duration.ZERO);
		return failed;
	}

	/**
	 * A claimed chat with nothing to send: off the queue, unless a message arrived
	 * meanwhile. In a transaction.
	 */
	void settle(long chatId) {
		lock(chatId);
		schedule(chatId, Duration.ZERO);
	}

	/**
	 * Every change to a chat's queue takes the chat's row first, as {@link #enqueue}
	 * does, so that a message being queued at the same moment is either seen by
	 * {@link #schedule} or re-adds the chat's row once this transaction commits.
	 * Transactions that also lock the user or their sessions take those before the chat
	 * (the service's one lock order: user, sessions, chat, messages), so two writers
	 * never wait for each other in a circle.
	 */
	private void lock(long chatId) {
		this.jdbc.sql("SELECT chat_id FROM bot_outbox_chat WHERE chat_id = :chatId FOR UPDATE")
			.param("chatId", chatId)
			.query(Long.class)
			.optional();
	}

	/**
	 * When the chat's first waiting message may go, {@code pace} from now at the
	 * earliest. A chat with nothing left keeps its row until the pace has passed, so that
	 * a message queued meanwhile still waits its turn; the claim then finds the chat idle
	 * and {@link #settle} takes it off the queue.
	 */
	private void schedule(long chatId, Duration pace) {
		int scheduled = this.jdbc.sql("""
				UPDATE bot_outbox_chat q
				SET due_at = greatest(head.next_attempt_at, now() + make_interval(secs => :pace))
				FROM (SELECT next_attempt_at FROM bot_outbox WHERE chat_id = :chatId AND %s ORDER BY id LIMIT 1) head
				WHERE q.chat_id = :chatId""".formatted(OPEN))
			.param("chatId", chatId)
			.param("pace", seconds(pace))
			.update();
		if (scheduled == 0 && !pace.isZero() && !pace.isNegative()) {
			this.jdbc
				.sql("UPDATE bot_outbox_chat SET due_at = now() + make_interval(secs => :pace) WHERE chat_id = :chatId")
				.param("chatId", chatId)
				.param("pace", seconds(pace))
				.update();
		}
		else if (scheduled == 0) {
			this.jdbc.sql("DELETE FROM bot_outbox_chat WHERE chat_id = :chatId").param("chatId", chatId).update();
		}
	}

	/**
	 * The message id Telegram gave the last sent message about {@code subject} in this
	 * chat, if it is still on record.
	 */
	@Nullable Long sentAbout(long chatId, String subject) {
		return this.jdbc.sql("""
				SELECT result_message_id FROM bot_outbox
				WHERE chat_id = :chatId AND subject = :subject AND status = 'SENT' AND result_message_id IS NOT NULL
				ORDER BY id DESC LIMIT 1""")
			.param("chatId", chatId)
			.param("subject", subject)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	int purgeFinishedBefore(Duration retention) {
		return this.jdbc.sql("""
				DELETE FROM bot_outbox
				WHERE status IN ('SENT', 'FAILED') AND created_at < now() - make_interval(secs => :seconds)""")
			.param("seconds", (double) retention.toSeconds())
			.update();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
