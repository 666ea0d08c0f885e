package app.speakingdiary.limits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes rate-limit windows that have ended. Safe to run on every replica at once. */
@Component
class RateLimitPurge {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitPurge.class);

	private final RateLimits rateLimits;

	RateLimitPurge(RateLimits rateLimits) {
		this.rateLimits = rateLimits;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void purge() {
		try {
			this.rateLimits.purgeEnded();
		}
		catch (RuntimeException ex) {
			logger.warn("Purging rate-limit windows failed ({}); it runs again later", ex.getClass().getSimpleName());
		}
	}

}
