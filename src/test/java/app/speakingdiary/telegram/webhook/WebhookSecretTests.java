package app.speakingdiary.telegram.webhook;

import org.junit.jupiter.api.Test;

import app.speakingdiary.support.TestProperties;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSecretTests {

	private static final String SECRET = "s3cret_-X0123456789abcdefghijklmnopq";

	@Test
	void admitsTheSecretInTheHeader() {
		assertThat(secret(SECRET).admits(SECRET)).isTrue();
	}

	@Test
	void refusesAMissingOrWrongSecret() {
		WebhookSecret secret = secret(SECRET);

		assertThat(secret.admits(null)).isFalse();
		assertThat(secret.admits("")).isFalse();
		assertThat(secret.admits(SECRET.toLowerCase())).isFalse();
		assertThat(secret.admits(SECRET + " ")).isFalse();
		assertThat(secret.admits(SECRET.substring(1))).isFalse();
	}

	@Test
	void admitsEveryCallOnlyWhenTheOperatorOptedOutOfTheSecret() {
		assertThat(new WebhookSecret(
				TestProperties.bind("telegram.webhook-secret", null, "telegram.webhook-insecure", "true"))
			.admits(null)).isTrue();
	}

	private static WebhookSecret secret(String value) {
		return new WebhookSecret(TestProperties.bind("telegram.webhook-secret", value));
	}

}
