package app.speakingdiary.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;

/**
 * Keeps the bot's bookkeeping bounded: seen update ids past their retention (Telegram
 * keeps undelivered updates 24 h) and finished outbox rows. Safe to run on every replica
 * at once.
 */
@Component
class BotMaintenance {

	private static final Logger logger = LoggerFactory.getLogger(BotMaintenance.class);

	private final ProcessedUpdates processed;

	private final Outbox outbox;

	private final DiaryProperties properties;

	BotMaintenance(ProcessedUpdates processed, Outbox outbox, DiaryProperties properties) {
		this.processed = processed;
		this.outbox = outbox;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void purge() {
		try {
			int updates = this.processed.purgeOlderThan(this.properties.telegram().processedUpdateRetention());
			int messages = this.outbox.purgeFinishedBefore(this.properties.outbox().retention());
			if (updates + messages > 0) {
				logger.info("Purged {} seen update ids and {} finished outbox messages", updates, messages);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Purging bot bookkeeping failed ({}); it runs again later", ex.getClass().getSimpleName());
		}
	}

}
