package app.speakingdiary.telegram;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.speakingdiary.auth.Sessions;
import app.speakingdiary.auth.TelegramProfile;
import app.speakingdiary.auth.TelegramUsers;
import app.speakingdiary.telegram.BotEvent.Help;
import app.speakingdiary.telegram.BotEvent.MembershipChanged;
import app.speakingdiary.telegram.BotEvent.StartInGroup;
import app.speakingdiary.telegram.BotEvent.StartInPrivate;

/**
 * Applies one update in one transaction: the processed id, the user, the session and the outgoing messages
 * commit together or not at all, so an update is acknowledged only once its effects are durable.
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

	private final Outbox outbox;

	private final BotReplies replies;

	UpdateProcessor(ProcessedUpdates processed, TelegramUsers users, Sessions sessions, Outbox outbox,
			BotReplies replies) {
		this.processed = processed;
		this.users = users;
		this.sessions = sessions;
		this.outbox = outbox;
		this.replies = replies;
	}

	@Transactional
	public Outcome process(long updateId, BotEvent event, String botUsername) {
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

	private Outcome startInPrivate(StartInPrivate start) {
		Update.User from = start.user();
		this.users.upsert(new TelegramProfile(from.id(), from.firstName(), from.lastName(), from.username(),
				from.languageCode()), true);
		String token = this.sessions.issue(from.id());
		this.outbox.enqueue(start.chatId(), "sendMessage",
				this.replies.startInPrivate(start.chatId(), from.languageCode(), token, start.payload()));
		return Outcome.SENDS;
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
