package app.speakingdiary.telegram;

import java.util.function.LongSupplier;

/**
 * Keeps sends under N per second (Telegram's overall limit) without waiting to be told by a 429. Sends are spaced
 * evenly, 2% wider than 1/N s: a burst would put many first requests on new connections, and their uneven
 * arrival could squeeze N+1 of them into one second at Telegram's end.
 */
final class SendRateLimiter {

	private final long interval;

	private final LongSupplier nanoTime;

	private long lastSlot = Long.MIN_VALUE / 2;

	SendRateLimiter(int perSecond, LongSupplier nanoTime) {
		this.interval = 1_020_000_000L / perSecond;
		this.nanoTime = nanoTime;
	}

	/** Reserves the next slot and returns how many nanoseconds to wait before using it. */
	synchronized long reserve() {
		long now = this.nanoTime.getAsLong();
		long slot = Math.max(now, this.lastSlot + this.interval);
		this.lastSlot = slot;
		return slot - now;
	}

}
