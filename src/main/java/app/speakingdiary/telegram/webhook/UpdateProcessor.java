package app.speakingdiary.telegram.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import app.speakingdiary.session.Sessions;
import app.speakingdiary.user.TelegramProfile;
import app.speakingdiary.user.TelegramUsers;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.limits.RateLimits;
import app.speakingdiary.media.MediaLibrary;
import app.speakingdiary.media.Attachment;
import app.speakingdiary.note.ChatEntries;
import app.speakingdiary.telegram.webhook.BotEvent.EditInPrivate;
import app.speakingdiary.telegram.webhook.BotEvent.Help;
import app.speakingdiary.telegram.webhook.BotEvent.MediaInPrivate;
import app.speakingdiary.telegram.webhook.BotEvent.MembershipChanged;
import app.speakingdiary.telegram.webhook.BotEvent.StartInGroup;
import app.speakingdiary.telegram.webhook.BotEvent.StartInPrivate;
import app.speakingdiary.telegram.webhook.BotEvent.TextInPrivate;
import app.speakingdiary.telegram.webhook.BotEvent.UndoPressed;
import app.speakingdiary.telegram.webhook.BotEvent.UnknownButton;
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

	private final ChatEntries entries;

	private final MediaLibrary media;

	private final BotReplies replies;

	private final TransactionTemplate transactions;

	private final int sessionsPerMinute;

	private final int maxOpenPerChat;

	UpdateProcessor(ProcessedUpdates processed, TelegramUsers users, Sessions sessions, RateLimits rateLimits,
			Outbox outbox, ChatEntries entries, MediaLibrary media, BotReplies replies,
			TransactionTemplate transactions, DiaryProperties properties) {
		this.entries = entries;
		this.media = media;
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
			if (event instanceof TextInPrivate entry) {
				return textInPrivate(entry);
			}
			if (event instanceof MediaInPrivate entry) {
				return mediaInPrivate(entry);
			}
			if (event instanceof EditInPrivate edit) {
				this.entries.edit(edit.userId(), edit.messageId(), edit.text());
				return Outcome.DONE;
			}
			if (event instanceof UndoPressed undo) {
				return undoPressed(undo);
			}
			if (event instanceof UnknownButton button) {
				return send(new Message(button.userId(), "answerCallbackQuery",
						this.replies.buttonAnswer(button.callbackId(), "button.unknown.answer", null), Coalesce.NONE,
						null));
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

	/**
	 * A diary entry from the chat, acknowledged with the button that undoes it. A user
	 * who writes before ever sending /start is known from this message on. No session is
	 * issued.
	 */
	private Outcome textInPrivate(TextInPrivate entry) {
		return chatEntry(entry.user(), entry.messageId(), "text", entry.text(), entry.sentAt(), entry.forwarded(),
				null);
	}

	/**
	 * A voice, audio, video note or photo entry: saved with its caption at once, its file
	 * copied in the background. Kept without its file when the file is over the download
	 * limit or the user's storage, with a reply that says so.
	 */
	private Outcome mediaInPrivate(MediaInPrivate entry) {
		return chatEntry(entry.user(), entry.messageId(), entry.file().kind(), entry.caption(), entry.sentAt(),
				entry.forwarded(), entry.file());
	}

	private Outcome chatEntry(Update.User from, long messageId, String kind, String text, Instant sentAt,
			ChatEntries.@Nullable Forwarded forwarded, @Nullable Attachment file) {
		this.users.upsert(
				new TelegramProfile(from.id(), from.firstName(), from.lastName(), from.username(), from.languageCode()),
				true);
		ChatEntries.Capture capture = this.entries.capture(from.id(), messageId, kind, text, sentAt, forwarded);
		Long noteId = capture.noteId();
		return switch (capture.outcome()) {
			case SAVED -> {
				if (noteId == null) {
					yield Outcome.DONE;
				}
				String words = "entry.saved.text";
				if (file != null) {
					words = switch (this.media.attach(from.id(), noteId, file)) {
						case TOO_LARGE -> "entry.saved.tooLarge";
						case OVER_QUOTA -> "entry.saved.overQuota";
						default -> "entry.saved.text";
					};
				}
				yield send(Message
					.of(from.id(), this.replies.saved(from.id(), from.languageCode(), messageId, noteId, words),
							Coalesce.SAVED)
					.about(BotReplies.entrySubject(noteId)));
			}
			case ALREADY_SAVED -> Outcome.DONE;
			case DIARY_FULL -> send(
					Message.of(from.id(), this.replies.notSaved(from.id(), from.languageCode(), true), Coalesce.LIMIT));
			case REJECTED -> send(
					Message.of(from.id(), this.replies.notSaved(from.id(), from.languageCode(), false), Coalesce.NONE));
		};
	}

	/**
	 * Telegram shows a spinner on the button until the press is answered; the
	 * acknowledgement then loses its button.
	 */
	private Outcome undoPressed(UndoPressed undo) {
		boolean undone = this.entries.undo(undo.userId(), undo.noteId());
		send(new Message(
				undo.userId(), "answerCallbackQuery", this.replies.buttonAnswer(undo.callbackId(),
						undone ? "entry.undone.answer" : "entry.gone.answer", undo.languageCode()),
				Coalesce.NONE, null));
		if (undone) {
			send(new Message(undo.userId(), "editMessageText",
					this.replies.undone(undo.userId(), undo.languageCode(), undo.acknowledgementId()), Coalesce.NONE,
					null));
		}
		return Outcome.SENDS;
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
