package app.speakingdiary.telegram;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.auth.SessionTokens;
import app.speakingdiary.auth.TelegramProfile;
import app.speakingdiary.auth.TelegramUsers;
import app.speakingdiary.telegram.BotEvent.Help;
import app.speakingdiary.telegram.BotEvent.MembershipChanged;
import app.speakingdiary.telegram.BotEvent.StartInGroup;
import app.speakingdiary.telegram.BotEvent.StartInPrivate;

/**
 * Applies one update in one transaction: the processed id, the user, the session and the outgoing messages
 * commit together or not at all, so an update is acknowledged only once its effects are durable. A private
 * {@code /start} is one statement ({@link PrivateStarts}); the rest run in a transaction of their own.
 */
@Service
class UpdateProcessor {

	enum Outcome {

		/** Handled, and messages are waiting in the outbox. */
		SENDS,
		/** Handled, nothing to send. */
		DONE,
		/** Seen before: nothing done again. */
		DUPLICATE

	}

	private final ProcessedUpdates processed;

	private final TelegramUsers users;

	private final PrivateStarts starts;

	private final Outbox outbox;

	private final BotReplies replies;

	private final TransactionTemplate transactions;

	UpdateProcessor(ProcessedUpdates processed, TelegramUsers users, PrivateStarts starts, Outbox outbox,
			BotReplies replies, TransactionTemplate transactions) {
		this.processed = processed;
		this.users = users;
		this.starts = starts;
		this.outbox = outbox;
		this.replies = replies;
		this.transactions = transactions;
	}

	public Outcome process(long updateId, BotEvent event, String botUsername) {
		if (event instanceof StartInPrivate start) {
			return startInPrivate(updateId, start);
		}
		return this.transactions.execute((status) -> processInTransaction(updateId, event, botUsername));
	}

	private Outcome processInTransaction(long updateId, BotEvent event, String botUsername) {
		if (!this.processed.markSeen(updateId)) {
			return Outcome.DUPLICATE;
		}
		// Java 17: no pattern matching in switch yet.
		if (event instanceof StartInGroup start) {
			return startInGroup(start, botUsername);
		}
		if (event instanceof Help help) {
			this.outbox.enqueue(help.chatId(), "sendMessage", this.replies.help(help.chatId(), help.languageCode()));
			return Outcome.SENDS;
		}
		if (event instanceof MembershipChanged change) {
			this.users.markBlocked(change.userId(), change.blocked());
			if (change.blocked()) {
				this.outbox.failOpen(change.userId(), "the user blocked the bot");
			}
		}
		return Outcome.DONE;
	}

	private Outcome startInPrivate(long updateId, StartInPrivate start) {
		Update.User from = start.user();
		String token = SessionTokens.newToken();
		boolean recorded = this.starts.record(updateId,
				new TelegramProfile(from.id(), from.firstName(), from.lastName(), from.username(), from.languageCode()),
				token, start.chatId(),
				this.replies.startInPrivate(start.chatId(), from.languageCode(), token, start.payload()));
		return recorded ? Outcome.SENDS : Outcome.DUPLICATE;
	}

	private Outcome startInGroup(StartInGroup start, String botUsername) {
		if (start.addressedTo() != null && !start.addressedTo().equalsIgnoreCase(botUsername)) {
			return Outcome.DONE;
		}
		this.outbox.enqueue(start.chatId(), "sendMessage",
				this.replies.startInGroup(start.chatId(), start.languageCode(), botUsername, start.payload()));
		return Outcome.SENDS;
	}

}
