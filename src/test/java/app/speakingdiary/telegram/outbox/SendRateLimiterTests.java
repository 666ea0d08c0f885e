package app.speakingdiary.telegram.outbox;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong now = new AtomicLong(5 * SECOND);

	private final SendRateLimiter limiter = new SendRateLimiter(30, this.now::get);

	@Test
	void letsTheFirstSendGoAtOnce() {
		assertThat(this.limiter.reserve()).isZero();
	}

	@Test
	void spacesABacklogJustUnderTheLimit() {
		long[] starts = new long[300];
		for (int i = 0; i < starts.length; i++) {
			starts[i] = this.now.get() + this.limiter.reserve();
		}
		for (int i = 30; i < starts.length; i++) {
			// Any 31 consecutive sends span more than a second, with room for network
			// jitter.
			assertThat(starts[i] - starts[i - 30]).isGreaterThanOrEqualTo(SECOND + SECOND / 20);
		}
		// ... and the rate stays close to the limit: 300 sends take no more than 10.5 s.
		assertThat(starts[299] - starts[0]).isLessThan(SECOND * 105 / 10);
	}

	@Test
	void doesNotSlowASteadyRateUnderTheLimit() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.limiter.reserve()).isZero();
			this.now.addAndGet(SECOND / 20);
		}
	}

}
