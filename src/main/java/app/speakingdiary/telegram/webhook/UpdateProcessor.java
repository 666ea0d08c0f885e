package app.speakingdiary.telegram.webhook;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;
import app.speakingdiary.telegram.webhook.BotEvent.Help;
import app.speakingdiary.telegram.webhook.BotEvent.MembershipChanged;
import app.speakingdiary.telegram.webhook.BotEvent.StartInGroup;
import app.speakingdiary.telegram.webhook.BotEvent.StartInPrivate;
import app.speakingdiary.telegram.outbox.Outbox;
import app.speakingdiary.telegram.outbox.Outbox.Coalesce;
import app.speakingdiary.telegram.outbox.Outbox.Message;
import app.speakingdiary.telegram.replies.BotReplies;

/**
 * Applies one update in one transaction: the processed id, the user and the outgoing
 * messages commit together or not at all, so an update is acknowledged only once its
 * effects are durable.
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

	private final Sessions sessions;

	private final RateLimits rateLimits;

	private final Outbox outbox;

	private final BotReplies replies;

	private final TransactionTemplate transactions;

	private final int sessionsPerMinute;

	private final int maxOpenPerChat;

	UpdateProcessor(ProcessedUpdates processed, TelegramUsers users, Sessions sessions, RateLimits rateLimits,
			Outbox outbox, BotReplies replies, TransactionTemplate transactions, DiaryProperties properties) {
		this.processed = processed;
		this.users = users;
		this.sessions = sessions;
		this.rateLimits = rateLimits;
		this.outbox = outbox;
		this.replies = replies;
		this.transactions = transactions;
		this.sessionsPerMinute = properties.sessions().perMinute();
		this.maxOpenPerChat = properties.outbox().maxOpenPerChat();
	}

	public Outcome process(long updateId, BotEvent event, String botUsername) {
		return this.transactions.execute((status) -> {
			if (!this.processed.markSeen(updateId)) {
				return Outcome.DUPLICATE;
			}
			// Java 17: no pattern matching in switch yet.
			if (event instanceof StartInPrivate start) {
				return startInPrivate(start);
			}
			if (event instanceof StartInGroup start) {
				return startInGroup(start, botUsername);
			}
			if (event instanceof Help help) {
				return send(Message.of(help.chatId(), this.replies.help(help.chatId(), help.languageCode()),
						Coalesce.HELP));
			}
			if (event instanceof MembershipChanged change) {
				membershipChanged(change);
			}
			return Outcome.DONE;
		});
	}

	/**
	 * The reply's session is issued when it is sent (see
	 * {@link Outbox#SESSION_PLACEHOLDER}). Over the per-minute limit no session is
	 * issued; the first refusal in a minute is explained to the user, the rest are
	 * silent.
	 */
	private Outcome startInPrivate(StartInPrivate start) {
		Update.User from = start.user();
		this.users.upsert(
				new TelegramProfile(from.id(), from.firstName(), from.lastName(), from.username(), from.languageCode()),
				true);
		RateLimits.Window window = this.rateLimits.hit(from.id(), RateLimits.Action.SESSION_ISSUE);
		if (window.isOver(this.sessionsPerMinute)) {
			return window.isFirstOver(this.sessionsPerMinute) ? send(Message.of(start.chatId(),
					this.replies.tooManyStarts(start.chatId(), from.languageCode()), Coalesce.LIMIT)) : Outcome.DONE;
		}
		return send(new Message(start.chatId(), "sendMessage", this.replies.startInPrivate(start.chatId(),
				from.languageCode(), Outbox.SESSION_PLACEHOLDER, start.payload()), Coalesce.START, from.id()));
	}

	private Outcome startInGroup(StartInGroup start, String botUsername) {
		if (start.addressedTo() != null && !start.addressedTo().equalsIgnoreCase(botUsername)) {
			return Outcome.DONE;
		}
		return send(Message.of(start.chatId(),
				this.replies.startInGroup(start.chatId(), start.languageCode(), botUsername, start.payload()),
				Coalesce.START));
	}

	/**
	 * Blocking the bot ends the user's sessions and what was waiting to be sent to them.
	 */
	private void membershipChanged(MembershipChanged change) {
		this.users.markBlocked(change.userId(), change.blocked());
		if (change.blocked()) {
			this.sessions.revokeAll(change.userId());
			this.outbox.failAll(change.userId(), "the user blocked the bot");
		}
	}

	private Outcome send(Message message) {
		return this.outbox.enqueue(message, this.maxOpenPerChat) ? Outcome.SENDS : Outcome.DONE;
	}

}
