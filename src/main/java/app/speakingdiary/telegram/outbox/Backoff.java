package app.speakingdiary.telegram.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt n waits between half and all of
 * min(max, initial * 2^(n-1)).
 */
record Backoff(Duration initial, Duration max) {

	Duration after(int attempt) {
		long ceiling = this.initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
		long capped = Math.min(Math.max(ceiling, 1), this.max.toMillis());
		long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
		return Duration.ofMillis(jittered);
	}

}
