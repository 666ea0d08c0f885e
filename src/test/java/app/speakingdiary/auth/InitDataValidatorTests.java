package app.speakingdiary.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import app.speakingdiary.auth.InitDataException.Reason;
import app.speakingdiary.support.Fixtures;
import app.speakingdiary.support.InitDataSigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InitDataValidatorTests {

	private static final String TOKEN = "7342037359:AAHI25ES9xCOMPokpYoz-p8XVrZUdygo2J4";

	private static final long NOW = 1_800_000_000L;

	private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

	private final InitDataValidator validator = new InitDataValidator(TOKEN, Duration.ofDays(1), CLOCK);

	private final InitDataSigner signer = new InitDataSigner(TOKEN);

	static Stream<JsonNode> vectors() {
		return JsonMapper.builder()
			.build()
			.readTree(Fixtures.read("telegram/initdata-vectors.json"))
			.get("vectors")
			.valueStream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void agreesWithEveryPublishedVector(JsonNode vector) {
		long expiresIn = vector.path("expires_in").asLong(0);
		Clock clock = vector.has("now_unix")
				? Clock.fixed(Instant.ofEpochSecond(vector.get("now_unix").asLong()), ZoneOffset.UTC)
				: Clock.systemUTC();
		String initData = vector.get("init_data").asString();
		boolean valid;
		try {
			if ("hmac".equals(vector.get("kind").asString())) {
				new InitDataValidator(vector.get("bot_token").asString(), Duration.ofSeconds(expiresIn), clock)
					.validate(initData);
			}
			else {
				byte[] key = vector.has("public_key_hex")
						? HexFormat.of().parseHex(vector.get("public_key_hex").asString())
						: InitDataValidator.TELEGRAM_PUBLIC_KEY;
				InitDataValidator.validateSignature(initData, vector.get("bot_id").asLong(), key,
						Duration.ofSeconds(expiresIn), clock);
			}
			valid = true;
		}
		catch (InitDataException ex) {
			valid = false;
			String error = vector.at("/expected/error").asString("");
			if (error.equals("expired")) {
				assertThat(ex.reason()).isEqualTo(Reason.EXPIRED);
			}
			if (error.equals("signature_missing")) {
				assertThat(ex.reason()).isIn(Reason.HASH_MISSING, Reason.SIGNATURE_MISSING);
			}
			if (error.equals("auth_date_invalid")) {
				// The hash is checked before anything unauthenticated is read, so a
				// malformed hash may be named first.
				assertThat(ex.reason()).isIn(Reason.AUTH_DATE_INVALID, Reason.HASH_MALFORMED);
			}
		}
		assertThat(valid).as(vector.get("id").asString()).isEqualTo(vector.at("/expected/valid").asBoolean());
	}

	@Test
	void parsesTheUserAndTheOtherFields() {
		InitData data = this.validator.validate(this.signer.forUser(9007199254740991L, "Ada Lovelace", "en", NOW - 60));

		assertThat(data.user().id()).isEqualTo(9007199254740991L);
		assertThat(data.user().firstName()).isEqualTo("Ada Lovelace");
		assertThat(data.user().languageCode()).isEqualTo("en");
		assertThat(data.user().photoUrl()).isEqualTo("https://t.me/i/userpic/320/u9007199254740991.svg");
		assertThat(data.queryId()).isEqualTo("AAH9007199254740991");
		assertThat(data.authDate()).isEqualTo(Instant.ofEpochSecond(NOW - 60));
		assertThat(data.signature()).isNotNull();
	}

	@Test
	void keepsTheSignatureFieldInsideTheHmac() {
		String signed = this.signer.forUser(1, "A", "ru", NOW);

		assertThatExceptionOfType(InitDataException.class)
			.isThrownBy(() -> this.validator.validate(signed.replace("signature=c2ln", "signature=d2ln")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
	}

	@Test
	void refusesDataSignedForAnotherBot() {
		String signed = new InitDataSigner("1:other").forUser(1, "A", "ru", NOW);

		assertThat(reason(signed)).isEqualTo(Reason.SIGNATURE_INVALID);
	}

	@Test
	void refusesARepeatedKeyEvenWhenTheHashMatchesOneReading() {
		String signed = this.signer.forUser(1, "A", "ru", NOW);
		String prepended = "user=%7B%22id%22%3A666%7D&" + signed;

		assertThat(reason(prepended)).isEqualTo(Reason.DUPLICATE_KEY);
	}

	@Test
	void acceptsTheAgeLimitExactlyAndRefusesOneSecondMore() {
		assertThat(this.validator.validate(this.signer.forUser(1, "A", "ru", NOW - 86_400)).user().id()).isEqualTo(1);
		assertThat(reason(this.signer.forUser(1, "A", "ru", NOW - 86_401))).isEqualTo(Reason.EXPIRED);
	}

	@Test
	void refusesDataFromTheFutureBeyondClockSkew() {
		assertThat(this.validator.validate(this.signer.forUser(1, "A", "ru", NOW + 60)).user().id()).isEqualTo(1);
		assertThat(reason(this.signer.forUser(1, "A", "ru", NOW + 3600))).isEqualTo(Reason.FROM_THE_FUTURE);
	}

	@Test
	void ignoresAgeWhenTheLimitIsZero() {
		InitDataValidator forever = new InitDataValidator(TOKEN, Duration.ZERO, CLOCK);

		assertThat(forever.validate(this.signer.forUser(1, "A", "ru", 1000)).user().id()).isEqualTo(1);
	}

	@Test
	void namesWhatIsWrong() {
		Map<String, String> noDate = new LinkedHashMap<>(Map.of("user", "{\"id\":1}"));
		Map<String, String> textDate = new LinkedHashMap<>(Map.of("auth_date", "yesterday"));
		Map<String, String> badUser = new LinkedHashMap<>(
				Map.of("auth_date", String.valueOf(NOW), "user", "{\"id\":\"1\"}"));
		Map<String, String> brokenJson = new LinkedHashMap<>(
				Map.of("auth_date", String.valueOf(NOW), "user", "{\"id\":1"));

		assertThat(reason(null)).isEqualTo(Reason.MISSING);
		assertThat(reason("")).isEqualTo(Reason.MISSING);
		assertThat(reason("auth_date=1&user=x")).isEqualTo(Reason.HASH_MISSING);
		assertThat(reason("auth_date=1&hash=xyz")).isEqualTo(Reason.HASH_MALFORMED);
		assertThat(reason("auth_date=1&hash=" + "g".repeat(64))).isEqualTo(Reason.HASH_MALFORMED);
		assertThat(reason("auth_date=%ZZ&hash=" + "0".repeat(64))).isEqualTo(Reason.MALFORMED);
		assertThat(reason(this.signer.sign(noDate))).isEqualTo(Reason.AUTH_DATE_MISSING);
		assertThat(reason(this.signer.sign(textDate))).isEqualTo(Reason.AUTH_DATE_INVALID);
		assertThat(reason(this.signer.sign(badUser))).isEqualTo(Reason.USER_INVALID);
		assertThat(reason(this.signer.sign(brokenJson))).isEqualTo(Reason.USER_INVALID);
	}

	@Test
	void decodesPlusAsASpaceAndPercentTwoBAsAPlus() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("auth_date", String.valueOf(NOW));
		fields.put("start_param", "a b+c");
		String signed = this.signer.sign(fields);

		assertThat(signed).contains("start_param=a+b%2Bc");
		assertThat(this.validator.validate(signed).startParam()).isEqualTo("a b+c");
	}

	@Test
	void acceptsUnencodedNonAsciiCharactersAsTheirUtf8() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("auth_date", String.valueOf(NOW));
		fields.put("start_param", "дневник 📔");
		String encoded = this.signer.sign(fields);
		String raw = encoded.replace(
				"start_param=" + java.net.URLEncoder.encode("дневник 📔", java.nio.charset.StandardCharsets.UTF_8),
				"start_param=дневник+📔");

		assertThat(raw).contains("дневник");
		assertThat(this.validator.validate(raw).startParam()).isEqualTo("дневник 📔");
	}

	@Test
	void signsMalformedUtf8EscapesAsReplacementCharacters() {
		// The JDK decodes %FF to U+FFFD; a signer that did the same must be accepted, and
		// nobody else.
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("auth_date", String.valueOf(NOW));
		fields.put("start_param", "a\uFFFDb");
		String signed = this.signer.sign(fields).replace("a%EF%BF%BDb", "a%FFb");

		assertThat(signed).contains("a%FFb");
		assertThat(this.validator.validate(signed).startParam()).isEqualTo("a\uFFFDb");
	}

	@Test
	void handlesHundredsOfPairsAndFindsARepeatAmongThem() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("auth_date", String.valueOf(NOW));
		for (int i = 300; i > 0; i--) {
			fields.put("k" + i, "v" + i);
		}
		String signed = this.signer.sign(fields);

		assertThat(this.validator.validate(signed).fields()).hasSize(302).containsEntry("k7", "v7");
		assertThat(reason(signed + "&k150=again")).isEqualTo(Reason.DUPLICATE_KEY);
	}

	private Reason reason(String initData) {
		try {
			this.validator.validate(initData);
		}
		catch (InitDataException ex) {
			return ex.reason();
		}
		throw new AssertionError("accepted: " + initData);
	}

}
