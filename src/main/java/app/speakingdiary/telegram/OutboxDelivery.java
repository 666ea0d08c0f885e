package app.speakingdiary.telegram;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.auth.TelegramUsers;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.telegram.Outbox.Claimed;

/** Records what a send came to: sent, retried later, or given up for a reason that will not go away. */
@Component
class OutboxDelivery {

	private static final Logger logger = LoggerFactory.getLogger(OutboxDelivery.class);

	private final Outbox outbox;

	private final TelegramUsers users;

	private final Backoff backoff;

	private final int maxAttempts;

	private final MeterRegistry meters;

	private final TransactionTemplate transactions;

	OutboxDelivery(Outbox outbox, TelegramUsers users, DiaryProperties properties, MeterRegistry meters,
			TransactionTemplate transactions) {
		this.outbox = outbox;
		this.users = users;
		this.backoff = new Backoff(properties.outbox().initialBackoff(), properties.outbox().maxBackoff());
		this.maxAttempts = properties.outbox().maxAttempts();
		this.meters = meters;
		this.transactions = transactions;
	}

	/**
	 * Each outcome but a refusal is one statement, run without a transaction of its own: one round trip to
	 * PostgreSQL per send instead of three.
	 */
	public void record(Claimed message, BotApiResponse response) {
		this.meters.counter("diary.outbox.results", "result", response.kind().name().toLowerCase()).increment();
		switch (response.kind()) {
			case OK -> this.outbox.markSent(message.id());
			case RATE_LIMITED -> {
				// Later messages of this chat queue behind this one, so the wait holds for the whole chat.
				logger.warn("Bot API asked to wait {} before sending more to chat {} (outbox {})",
						response.retryAfter(), message.chatId(), message.id());
				retryOrFail(message, response, response.retryAfter());
			}
			case FORBIDDEN -> {
				logger.info("Chat {} refuses the bot ({}); its undelivered messages are dropped", message.chatId(),
						response.summary());
				this.transactions.executeWithoutResult((status) -> {
					this.outbox.fail(message.id(), response.summary());
					this.outbox.failOpen(message.chatId(), "the chat refuses the bot: " + response.summary());
					if (message.chatId() > 0) {
						this.users.markBlocked(message.chatId(), true);
					}
				});
			}
			case REJECTED -> {
				logger.warn("Bot API refused {} to chat {} (outbox {}): {}", message.method(), message.chatId(),
						message.id(), response.summary());
				this.outbox.fail(message.id(), response.summary());
			}
			case UNAUTHORIZED -> {
				logger.error("Bot API refused the bot token ({}): check TELEGRAM_BOT_TOKEN", response.summary());
				retryOrFail(message, response, this.backoff.after(message.attempts()));
			}
			case TRANSIENT -> {
				logger.warn("Sending outbox {} to chat {} failed ({}), attempt {} of {}", message.id(),
						message.chatId(), response.summary(), message.attempts(), this.maxAttempts);
				retryOrFail(message, response, this.backoff.after(message.attempts()));
			}
		}
	}

	private void retryOrFail(Claimed message, BotApiResponse response, Duration delay) {
		if (message.attempts() >= this.maxAttempts) {
			logger.error("Giving up on outbox {} to chat {} after {} attempts: {}", message.id(), message.chatId(),
					message.attempts(), response.summary());
			this.outbox.fail(message.id(), "gave up after " + message.attempts() + " attempts: " + response.summary());
			return;
		}
		this.outbox.retryAfter(message.id(), delay, response.summary());
	}

}
