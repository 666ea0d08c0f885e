package app.speakingdiary.telegram;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong now = new AtomicLong(5 * SECOND);

	private final SendRateLimiter limiter = new SendRateLimiter(30, this.now::get);

	@Test
	void letsABurstOfTheLimitThroughAtOnce() {
		for (int i = 0; i < 30; i++) {
			assertThat(this.limiter.reserve()).isZero();
		}
	}

	@Test
	void makesTheNextSendWaitUntilTheWindowHasRoom() {
		for (int i = 0; i < 30; i++) {
			this.limiter.reserve();
		}

		long wait = this.limiter.reserve();

		assertThat(wait).isBetween(SECOND, SECOND + SECOND / 20);
	}

	@Test
	void neverAllowsMoreThanTheLimitInAnyOneSecondWindow() {
		long[] starts = new long[300];
		for (int i = 0; i < starts.length; i++) {
			starts[i] = this.now.get() + this.limiter.reserve();
			this.now.addAndGet(SECOND / 100);
		}
		for (int i = 30; i < starts.length; i++) {
			assertThat(starts[i] - starts[i - 30]).isGreaterThan(SECOND);
		}
	}

	@Test
	void doesNotSlowASteadyRateUnderTheLimit() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.limiter.reserve()).isZero();
			this.now.addAndGet(SECOND / 20);
		}
	}

}
