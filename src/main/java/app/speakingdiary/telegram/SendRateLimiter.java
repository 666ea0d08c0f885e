package app.speakingdiary.telegram;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Keeps sends within N per second over any one-second window (Telegram's overall limit), without waiting to be
 * told by a 429. It remembers the slots of the last N sends: the next one may start one second (plus a small
 * margin for clock jitter) after the send N places before it.
 */
final class SendRateLimiter {

	private static final long SECOND = 1_000_000_000L;

	private static final long MARGIN = 10_000_000L;

	private final long[] slots;

	private final LongSupplier nanoTime;

	private int next;

	SendRateLimiter(int perSecond, LongSupplier nanoTime) {
		this.slots = new long[perSecond];
		this.nanoTime = nanoTime;
		Arrays.fill(this.slots, Long.MIN_VALUE / 2);
	}

	/** Reserves the next slot and returns how many nanoseconds to wait before using it. */
	synchronized long reserve() {
		long now = this.nanoTime.getAsLong();
		long slot = Math.max(now, this.slots[this.next] + SECOND + MARGIN);
		this.slots[this.next] = slot;
		this.next = (this.next + 1) % this.slots.length;
		return slot - now;
	}

}
