package app.speakingdiary.telegram.outbox;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

	@RepeatedTest(20)
	void doublesPerAttemptWithJitterAndACap() {
		assertThat(this.backoff.after(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
		assertThat(this.backoff.after(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
		assertThat(this.backoff.after(20)).isBetween(Duration.ofMillis(150_000), Duration.ofMinutes(5));
		assertThat(this.backoff.after(1000)).isLessThanOrEqualTo(Duration.ofMinutes(5));
	}

}
