package app.speakingdiary.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import app.speakingdiary.support.InitDataSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the initData parser and validator over generated field sets and
 * encodings. Each repetition uses its own fixed seed (printed on failure), so a failure
 * reproduces.
 */
class InitDataPropertyTests {

	private static final String TOKEN = "1234567:property-test_token";

	private static final long NOW = 1_800_000_000L;

	private static final String ALPHABET = "aZ09 _-+&=%#?/\\\"'\n\t.,:;!~*()[]{}<>éжЖ中🙂\u00a0\u200f\u0301";

	private final InitDataValidator validator = new InitDataValidator(TOKEN, Duration.ofDays(1),
			Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

	private final InitDataSigner signer = new InitDataSigner(TOKEN);

	@RepeatedTest(300)
	void acceptsAnySignedFieldSetAndReturnsItsFieldsDecodedOnce(RepetitionInfo repetition) {
		Random random = new Random(repetition.getCurrentRepetition());
		Map<String, String> fields = randomFields(random);

		InitData data = this.validator.validate(this.signer.sign(fields));

		Map<String, String> expected = new LinkedHashMap<>(fields);
		assertThat(data.fields()).as("seed %d", repetition.getCurrentRepetition())
			.containsAllEntriesOf(expected)
			.containsKey("hash")
			.hasSize(fields.size() + 1);
	}

	@RepeatedTest(300)
	void rejectsEveryAlterationThatChangesWhatWasSigned(RepetitionInfo repetition) {
		Random random = new Random(10_000 + repetition.getCurrentRepetition());
		Map<String, String> fields = randomFields(random);
		String signed = this.signer.sign(fields);
		int position = random.nextInt(signed.length());
		String altered = signed.substring(0, position) + ALPHABET.charAt(random.nextInt(ALPHABET.length()))
				+ signed.substring(position + 1);

		try {
			InitData data = this.validator.validate(altered);
			// Accepted only if the alteration is another encoding of exactly the same
			// data.
			Map<String, String> accepted = new LinkedHashMap<>(data.fields());
			accepted.remove("hash");
			assertThat(accepted).as("seed %d: %s", repetition.getCurrentRepetition(), altered).isEqualTo(fields);
		}
		catch (InitDataException ex) {
			assertThat(ex.reason()).isNotNull();
		}
	}

	@RepeatedTest(300)
	void neverFailsWithAnythingButAReasonOnArbitraryInput(RepetitionInfo repetition) {
		Random random = new Random(20_000 + repetition.getCurrentRepetition());
		StringBuilder input = new StringBuilder();
		int length = random.nextInt(300);
		for (int i = 0; i < length; i++) {
			input.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}

		try {
			this.validator.validate(input.toString());
		}
		catch (InitDataException ex) {
			assertThat(ex.reason()).isNotNull();
		}
	}

	private static Map<String, String> randomFields(Random random) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("auth_date", String.valueOf(NOW - random.nextInt(86_400)));
		fields.put("user",
				"{\"id\":" + (1 + (random.nextLong() >>> 12)) + ",\"first_name\":\""
						+ randomText(random, 10).replace("\\", "").replace("\"", "").replace("\n", "").replace("\t", "")
						+ "\"}");
		int extra = random.nextInt(6);
		for (int i = 0; i < extra; i++) {
			String key = "k" + Integer.toString(random.nextInt(1_000_000), 36) + (random.nextBoolean() ? "_x" : "");
			fields.put(key, randomText(random, random.nextInt(40)));
		}
		return fields;
	}

	private static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
			if (Character.isSurrogate(c)) {
				continue;
			}
			text.append(c);
		}
		text.append(random.nextBoolean() ? "🙂" : "");
		return text.toString();
	}

}
