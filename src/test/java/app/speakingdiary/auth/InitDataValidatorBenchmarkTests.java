package app.speakingdiary.auth;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JMH benchmark measures what it claims to: valid initData of the sizes it names. */
class InitDataValidatorBenchmarkTests {

	@Test
	void measuresATypicalInitDataOfAboutFourHundredBytesWithUserAndSignature() {
		InitDataValidatorBenchmark benchmark = setUp("typical");

		assertThat(benchmark.validate().user().id()).isEqualTo(279058397L);
		assertThat(benchmark.validate().signature()).hasSize(86);
		assertThat(benchmark.initData()).hasSizeBetween(380, 440);
	}

	@Test
	void measuresTelegramsOwnSignedInitDataWithAPhotoUrl() {
		InitDataValidatorBenchmark benchmark = setUp("telegram_with_photo_url");

		InitData data = benchmark.validate();
		assertThat(data.user().photoUrl()).startsWith("https://t.me/i/userpic/");
		assertThat(data.authDate()).isEqualTo(Instant.ofEpochSecond(1733584787));
		assertThat(benchmark.initData()).hasSize(627);
	}

	private static InitDataValidatorBenchmark setUp(String shape) {
		InitDataValidatorBenchmark benchmark = new InitDataValidatorBenchmark();
		benchmark.shape = shape;
		benchmark.sign();
		return benchmark;
	}

}
