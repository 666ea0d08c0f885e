package app.speakingdiary.system;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InstantJsonSerializerTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-26T09:47:01Z", "2026-11-26T09:47:01.120Z", "2026-11-26T09:47:01.123456Z",
			"2026-11-26T09:47:01.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z",
			"2024-02-29T23:59:59.5Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
			"0000-12-31T23:59:59Z", "-0001-01-01T00:00:00Z" })
	void writesWhatInstantToStringWrites(String text) {
		Instant instant = Instant.parse(text);

		assertThat(InstantJsonSerializer.format(instant)).isEqualTo(instant.toString());
	}

	@Test
	void agreesWithInstantToStringOnRandomInstantsOfEveryPrecision() {
		Random random = new Random(20261126);
		for (int i = 0; i < 200_000; i++) {
			long seconds = random.nextLong(-62_135_596_800L - 1000, 253_402_300_799L + 1000);
			int nano = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nano);

			assertThat(InstantJsonSerializer.format(instant)).as("%d s %d ns", seconds, nano).isEqualTo(instant.toString());
		}
	}

}
