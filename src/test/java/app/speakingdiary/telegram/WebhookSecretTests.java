package app.speakingdiary.telegram;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.speakingdiary.config.DiaryProperties;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSecretTests {

	@Test
	void admitsTheSecretInTheHeaderOrTheQuery() {
		WebhookSecret secret = secret("s3cret_-X");

		assertThat(secret.admits("s3cret_-X", null)).isTrue();
		assertThat(secret.admits(null, "s3cret_-X")).isTrue();
		assertThat(secret.admits("wrong", "s3cret_-X")).isTrue();
	}

	@Test
	void refusesAMissingOrWrongSecret() {
		WebhookSecret secret = secret("s3cret_-X");

		assertThat(secret.admits(null, null)).isFalse();
		assertThat(secret.admits("", "")).isFalse();
		assertThat(secret.admits("s3cret_-x", null)).isFalse();
		assertThat(secret.admits("s3cret_-X ", null)).isFalse();
		assertThat(secret.admits("s3cret_", null)).isFalse();
	}

	@Test
	void admitsEveryCallWhenNoSecretIsConfigured() {
		assertThat(secret(null).admits(null, null)).isTrue();
	}

	private static WebhookSecret secret(String value) {
		return new WebhookSecret(new DiaryProperties(
				new DiaryProperties.Telegram("1:a", value, "https://api.telegram.org", Duration.ofDays(1), true, false,
						Duration.ofDays(2)),
				new DiaryProperties.Webapp("https://diary.example.org/", null, false, List.of()), null, null, null));
	}

}
