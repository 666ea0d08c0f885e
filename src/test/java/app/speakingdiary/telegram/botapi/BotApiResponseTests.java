package app.speakingdiary.telegram.botapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.speakingdiary.telegram.botapi.BotApiResponse.Kind;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BotApiResponseTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsRetryAfterFromTheParameters() {
		BotApiResponse response = BotApiResponse.of(429, "3", this.json.readTree(
				"{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 35\",\"parameters\":{\"retry_after\":35}}"));

		assertThat(response.kind()).isEqualTo(Kind.RATE_LIMITED);
		assertThat(response.retryAfter()).isEqualTo(Duration.ofSeconds(35));
	}

	@Test
	void fallsBackToTheRetryAfterHeader() {
		assertThat(BotApiResponse.of(429, "7", null).retryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(BotApiResponse.of(429, null, null).retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void sortsErrorsByWhatTheSenderMustDo() {
		assertThat(BotApiResponse.of(200, null, this.json.readTree("{\"ok\":true,\"result\":{}}")).kind())
			.isEqualTo(Kind.OK);
		assertThat(BotApiResponse
			.of(403, null, this.json.readTree(
					"{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}"))
			.kind()).isEqualTo(Kind.FORBIDDEN);
		assertThat(BotApiResponse.of(400, null, null).kind()).isEqualTo(Kind.REJECTED);
		assertThat(BotApiResponse.of(401, null, null).kind()).isEqualTo(Kind.UNAUTHORIZED);
		assertThat(BotApiResponse.of(502, null, null).kind()).isEqualTo(Kind.TRANSIENT);
		assertThat(BotApiResponse.of(200, null, null).kind()).isEqualTo(Kind.TRANSIENT);
	}

}
