package app.speakingdiary.telegram.webhook;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;

/**
 * Forgets seen update ids past their retention (Telegram keeps undelivered updates 24 h).
 * Safe to run on every replica at once.
 */
@Component
class ProcessedUpdatePurge {

	private static final Logger logger = LoggerFactory.getLogger(ProcessedUpdatePurge.class);

	private final ProcessedUpdates processed;

	private final Duration retention;

	ProcessedUpdatePurge(ProcessedUpdates processed, DiaryProperties properties) {
		this.processed = processed;
		this.retention = properties.telegram().processedUpdateRetention();
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void purge() {
		try {
			int purged = this.processed.purgeOlderThan(this.retention);
			if (purged > 0) {
				logger.info("Purged {} seen update ids", purged);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Purging seen update ids failed ({}); it runs again later", ex.getClass().getSimpleName());
		}
	}

}
