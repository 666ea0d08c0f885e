package app.speakingdiary.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes sessions that can never be used again. Safe to run on every replica at once.
 */
@Component
class SessionPurge {

	private static final Logger logger = LoggerFactory.getLogger(SessionPurge.class);

	private final Sessions sessions;

	SessionPurge(Sessions sessions) {
		this.sessions = sessions;
	}

	@Scheduled(initialDelayString = "PT2M", fixedDelayString = "PT1H")
	void purge() {
		try {
			int purged = this.sessions.purgeEnded();
			if (purged > 0) {
				logger.info("Purged {} ended sessions", purged);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Purging ended sessions failed ({}); it runs again later", ex.getClass().getSimpleName());
		}
	}

}
