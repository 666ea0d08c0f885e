package app.speakingdiary.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.speakingdiary.auth.InitDataException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InitDataJsonTests {

	@Test
	void readsTheUsersFieldsAndDecodesEveryEscape() {
		InitData.User user = InitDataJson.user("""
				{"id":279058397,"first_name":"Vladislav \\"V\\" \\u041f\\ud83d\\ude00","last_name":null,
				 "username":"vdkfrost","language_code":"ru","is_premium":true,"allows_write_to_pm":true,
				 "photo_url":"https:\\/\\/t.me\\/i\\/userpic\\/320\\/abc.svg","extra":{"nested":[1,{"a":[]}]}}""");

		assertThat(user).isEqualTo(new InitData.User(279058397L, false, "Vladislav \"V\" П😀", null, "vdkfrost", "ru",
				true, "https://t.me/i/userpic/320/abc.svg"));
	}

	@Test
	void readsIdsBeyondThirtyTwoBitsAsLongs() {
		assertThat(InitDataJson.user("{\"id\":9007199254740991}").id()).isEqualTo(9007199254740991L);
		assertThat(InitDataJson.chat("{\"id\":-1001650852901,\"type\":\"supergroup\"}").id())
			.isEqualTo(-1001650852901L);
	}

	@Test
	void takesFieldsOfTheWrongTypeAsAbsent() {
		InitData.User user = InitDataJson.user("{\"id\":1,\"first_name\":5,\"is_bot\":\"yes\",\"is_premium\":1}");

		assertThat(user.firstName()).isNull();
		assertThat(user.isBot()).isFalse();
		assertThat(user.isPremium()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"first_name\":\"A\"}", "{\"id\":\"42\"}", "{\"id\":4.2}", "{\"id\":1e3}",
			"{\"id\":99999999999999999999}", "[1]", "null", "\"user\"", "{\"id\":1,}", "{\"id\":1} 2", "{\"id\":01}",
			"{'id':1}", "{\"id\":1,\"first_name\":\"tab\there\"}", "{\"id\":1 /* c */}", "{\"id\":1,\"x\":\"\\u00G1\"}",
			"{\"id\":1", "" })
	void refusesWhatIsNotAUserObjectInStrictJson(String json) {
		assertThatExceptionOfType(InitDataException.class).isThrownBy(() -> InitDataJson.user(json))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.USER_INVALID));
	}

}
