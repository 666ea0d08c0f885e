package app.speakingdiary.auth;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MiniJsonTests {

	@Test
	void keepsTheTextBetweenEscapesOfAPhotoUrl() {
		Object parsed = MiniJson.parse("{\"photo_url\":\"https:\\/\\/t.me\\/i\\/userpic\\/320\\/abc.svg\"}");

		assertThat(parsed).isEqualTo(Map.of("photo_url", "https://t.me/i/userpic/320/abc.svg"));
	}

	@Test
	void decodesEveryEscapeWhereverItStands() {
		Object parsed = MiniJson.parse("[\"\\\"quoted\\\"\", \"a\\\\b\", \"\\b\\f\\n\\r\\t\", \"\\u0041\\u00e9\\u041f\\ud83d\\ude00!\", \"tail\\u0021 end\"]");

		assertThat(parsed).isEqualTo(List.of("\"quoted\"", "a\\b", "\b\f\n\r\t", "AéП😀!", "tail! end"));
	}

	@Test
	void readsIdsBeyondThirtyTwoBitsAsLongs() {
		Object parsed = MiniJson.parse("{\"id\":7342037359,\"is_premium\":true,\"last_name\":null,\"x\":-1.5e3}");

		assertThat(parsed).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("id", 7342037359L)
			.containsEntry("is_premium", true)
			.containsEntry("last_name", null)
			.containsEntry("x", -1500.0)
			.hasSize(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\\u+041\"", "\"\\u-041\"", "\"\\u٣٣٣٣\"", "\"\\u00G1\"", "\"\\u00\"", "\"\\x41\"",
			"\"unterminated", "\"tab\there\"", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "tru", "1 2", "" })
	void refusesWhatRfc8259DoesNotAllow(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> MiniJson.parse(json));
	}

}
