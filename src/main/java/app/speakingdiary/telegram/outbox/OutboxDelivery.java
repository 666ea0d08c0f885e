package app.speakingdiary.telegram.outbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.telegram.outbox.Outbox.Claimed;
import app.speakingdiary.telegram.botapi.BotApiResponse;

/**
 * Prepares a claimed message for sending (a /start reply gets its session here, so that
 * no live token waits in the database) and records what the send came to: sent, retried
 * later, or given up for a reason that will not go away. Each step is one transaction.
 */
@Component
class OutboxDelivery {

	private static final Logger logger = LoggerFactory.getLogger(OutboxDelivery.class);

	private final Outbox outbox;

	private final TelegramUsers users;

	private final Sessions sessions;

	private final Backoff backoff;

	private final DiaryProperties.Outbox settings;

	private final MeterRegistry meters;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	OutboxDelivery(Outbox outbox, TelegramUsers users, Sessions sessions, DiaryProperties properties,
			MeterRegistry meters, TransactionTemplate transactions, JsonMapper json) {
		this.json = json;
		this.outbox = outbox;
		this.users = users;
		this.sessions = sessions;
		this.settings = properties.outbox();
		this.backoff = new Backoff(this.settings.initialBackoff(), this.settings.maxBackoff());
		this.meters = meters;
		this.transactions = transactions;
	}

	/**
	 * A message ready to send as {@code method}, and the session issued for it, if any.
	 */
	record Prepared(Claimed message, String method, String payload, @Nullable Long sessionId) {

		@Override
		public String toString() {
			return "Prepared[outbox=" + this.message.id() + ", payload=redacted]";
		}

	}

	/**
	 * Issues the session a /start reply carries, and turns an edit into editMessageText
	 * of the message it edits once that one has been sent. Blocking.
	 */
	Prepared prepare(Claimed message) {
		Long forUser = message.sessionForUser();
		String edits = message.edits();
		if (edits != null) {
			return edit(message, edits);
		}
		if (forUser == null) {
			return new Prepared(message, message.method(), message.payload(), null);
		}
		Sessions.Issued issued = this.transactions.execute((status) -> this.sessions.issue(forUser));
		return new Prepared(message, message.method(),
				message.payload().replace(Outbox.SESSION_PLACEHOLDER, issued.token()), issued.sessionId());
	}

	/**
	 * A chat's messages go out in order, so the message being edited was sent (or given
	 * up) before this one is claimed.
	 */
	private Prepared edit(Claimed message, String subject) {
		Long sent = this.outbox.sentAbout(message.chatId(), subject);
		if (sent == null) {
			return new Prepared(message, message.method(), message.payload(), null);
		}
		ObjectNode payload = (ObjectNode) this.json.readTree(message.payload());
		payload.remove("reply_parameters");
		payload.remove("disable_notification");
		payload.put("message_id", sent);
		return new Prepared(message, "editMessageText", payload.toString(), null);
	}

	/** A claimed chat had nothing left to send. Blocking. */
	void settle(long chatId) {
		this.transactions.executeWithoutResult((status) -> this.outbox.settle(chatId));
	}

	/** Records the outcome of a send. Blocking. */
	void record(Prepared prepared, BotApiResponse response) {
		Claimed message = prepared.message();
		// Locks are taken in one order across the service: the user, their sessions, the
		// chat's queue, its messages.
		this.transactions.executeWithoutResult((status) -> {
			if (prepared.sessionId() != null && response.kind() != BotApiResponse.Kind.OK
					&& response.kind() != BotApiResponse.Kind.TRANSIENT
					&& response.kind() != BotApiResponse.Kind.FORBIDDEN) {
				// Telegram answered, so the message did not reach the user: neither did
				// its token. (After a
				// timeout nobody knows; that session just expires unused.)
				this.sessions.revoke(prepared.sessionId());
			}
			switch (response.kind()) {
				case OK -> this.outbox.sent(message, messageId(response), this.settings.perChatInterval());
				case RATE_LIMITED -> {
					// Later messages of this chat queue behind this one, so the wait
					// holds for the whole chat.
					logger.warn("Bot API asked to wait {} before sending more to chat {} (outbox {})",
							response.retryAfter(), message.chatId(), message.id());
					retryOrFail(message, response,
							java.util.Objects.requireNonNullElse(response.retryAfter(), Duration.ofSeconds(1)));
				}
				case FORBIDDEN -> {
					logger.info("Chat {} refuses the bot ({}); its undelivered messages are dropped", message.chatId(),
							response.summary());
					if (message.chatId() > 0) {
						this.users.markBlocked(message.chatId(), true);
						this.sessions.revokeAll(message.chatId());
					}
					else if (prepared.sessionId() != null) {
						this.sessions.revoke(prepared.sessionId());
					}
					this.outbox.failed(message, response.summary());
					this.outbox.failAll(message.chatId(), "the chat refuses the bot: " + response.summary());
				}
				case REJECTED -> {
					logger.warn("Bot API refused {} to chat {} (outbox {}): {}", message.method(), message.chatId(),
							message.id(), response.summary());
					this.outbox.failed(message, response.summary());
				}
				case UNAUTHORIZED -> {
					logger.error("Bot API refused the bot token ({}): check TELEGRAM_BOT_TOKEN", response.summary());
					retryOrFail(message, response, this.backoff.after(message.attempts()));
				}
				case TRANSIENT -> {
					logger.warn("Sending outbox {} to chat {} failed ({}), attempt {} of {}", message.id(),
							message.chatId(), response.summary(), message.attempts(), this.settings.maxAttempts());
					retryOrFail(message, response, this.backoff.after(message.attempts()));
				}
			}
		});
		// Once, after the commit: a record retried while the database was away counts
		// once.
		this.meters.counter("diary.outbox.results", "result", response.kind().name().toLowerCase()).increment();
	}

	/** The id Telegram gave a sent message, so that it can be edited later. */
	private static @Nullable Long messageId(BotApiResponse response) {
		JsonNode result = response.result();
		return (result != null && result.path("message_id").isNumber()) ? result.path("message_id").asLong() : null;
	}

	private void retryOrFail(Claimed message, BotApiResponse response, Duration delay) {
		if (message.attempts() >= this.settings.maxAttempts()) {
			logger.error("Giving up on outbox {} to chat {} after {} attempts: {}", message.id(), message.chatId(),
					message.attempts(), response.summary());
			this.outbox.failed(message, "gave up after " + message.attempts() + " attempts: " + response.summary());
			return;
		}
		this.outbox.retryAfter(message, delay, response.summary());
	}

}
