package app.speakingdiary.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import app.speakingdiary.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's time zone: the service's default until the Mini App sets one. */
class ProfileTimeZoneIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonNode me(ApiUser user) {
		return getJson(user, "/api/telegram/me");
	}

	private EntityExchangeResult<byte[]> change(ApiUser user, String body) {
		return as(user, HttpMethod.PATCH, "/api/telegram/me").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectBody()
			.returnResult();
	}

	@Test
	void aNewUserHasTheDefaultZoneNotChosenByThem() {
		JsonNode user = me(newUser(501)).get("user");

		assertThat(user.get("time_zone").asString()).isEqualTo("Europe/Moscow");
		assertThat(user.get("time_zone_chosen").asBoolean()).isFalse();
	}

	@Test
	void theMiniAppSetsTheUsersZone() {
		ApiUser ada = newUser(502);

		EntityExchangeResult<byte[]> changed = change(ada, "{\"time_zone\":\"Asia/Novosibirsk\"}");

		assertThat(changed.getStatus().value()).isEqualTo(200);
		assertThat(JSON.readTree(changed.getResponseBodyContent()).at("/user/time_zone").asString())
			.isEqualTo("Asia/Novosibirsk");
		JsonNode user = me(ada).get("user");
		assertThat(user.get("time_zone").asString()).isEqualTo("Asia/Novosibirsk");
		assertThat(user.get("time_zone_chosen").asBoolean()).isTrue();
		assertThat(me(newUser(503)).at("/user/time_zone").asString()).isEqualTo("Europe/Moscow");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"time_zone\":\"Mars/Olympus_Mons\"}", "{\"time_zone\":\"+03:00\"}",
			"{\"time_zone\":\"\"}", "{\"time_zone\":\"europe/moscow\"}", "{\"time_zone\":3}", "{}",
			"{\"time_zone\":\"Europe/Berlin\",\"first_name\":\"Eve\"}", "[]" })
	void refusesAnythingButAKnownZoneName(String body) {
		ApiUser ada = newUser(504);

		EntityExchangeResult<byte[]> refused = change(ada, body);

		assertThat(refused.getStatus().value()).isEqualTo(400);
		assertThat(refused.getResponseHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(me(ada).at("/user/time_zone_chosen").asBoolean()).isFalse();
	}

}
