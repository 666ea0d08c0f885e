package app.speakingdiary.telegram.outbox;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;

/**
 * Deletes sent and given-up outbox messages past their retention. Safe to run on every
 * replica at once.
 */
@Component
class OutboxPurge {

	private static final Logger logger = LoggerFactory.getLogger(OutboxPurge.class);

	private final Outbox outbox;

	private final Duration retention;

	OutboxPurge(Outbox outbox, DiaryProperties properties) {
		this.outbox = outbox;
		this.retention = properties.outbox().retention();
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void purge() {
		try {
			int purged = this.outbox.purgeFinishedBefore(this.retention);
			if (purged > 0) {
				logger.info("Purged {} finished outbox messages", purged);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Purging finished outbox messages failed ({}); it runs again later",
					ex.getClass().getSimpleName());
		}
	}

}
