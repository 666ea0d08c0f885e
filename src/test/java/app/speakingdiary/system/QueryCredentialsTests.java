package app.speakingdiary.system;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import app.speakingdiary.support.TestProperties;

import static org.assertj.core.api.Assertions.assertThat;

class QueryCredentialsTests {

	private final QueryCredentials dropping = new QueryCredentials(TestProperties.bind());

	private final QueryCredentials moving = new QueryCredentials(
			TestProperties.bind("http.legacy-query-credentials", "true"));

	@Test
	void dropsTheSecretAndTheSessionFromTheUrlAndKeepsTheRestAsItCame() {
		ServerHttpRequest request = this.dropping.withoutCredentials(
				request(HttpMethod.GET, "/api/telegram/notes?limit=5&session=T0k&before=%32&secret=S").build());

		assertThat(request.getURI().toString()).isEqualTo("/api/telegram/notes?limit=5&before=%32");
		assertThat(request.getHeaders().containsHeader("X-Session-Token")).isFalse();
		assertThat(request.getHeaders().containsHeader("X-Telegram-Bot-Api-Secret-Token")).isFalse();
	}

	@Test
	void movesThemIntoTheirHeadersForOldClientsWhenAllowed() {
		ServerHttpRequest request = this.moving
			.withoutCredentials(request(HttpMethod.POST, "/api/telegram/webhook?secret=a%2Bb&session=c+d").build());

		assertThat(request.getURI().toString()).isEqualTo("/api/telegram/webhook");
		assertThat(request.getHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token")).isEqualTo("a+b");
		assertThat(request.getHeaders().getFirst("X-Session-Token")).isEqualTo("c d");
	}

	@Test
	void neverOverridesAHeaderTheClientSent() {
		ServerHttpRequest request = this.moving
			.withoutCredentials(MockServerHttpRequest.get("/api/telegram/me?session=fromQuery")
				.header("X-Session-Token", "fromHeader")
				.build());

		assertThat(request.getHeaders().get("X-Session-Token")).containsExactly("fromHeader");
		assertThat(request.getURI().getRawQuery()).isNull();
	}

	/**
	 * The URI exactly as a client sent it; the mock's string form would encode it once
	 * more.
	 */
	private static MockServerHttpRequest.BaseBuilder<?> request(HttpMethod method, String uri) {
		return MockServerHttpRequest.method(method, URI.create(uri));
	}

	@Test
	void leavesARequestWithoutCredentialsAlone() {
		ServerHttpRequest original = MockServerHttpRequest.get("/api/telegram/notes?limit=5&sessions_view=1").build();

		assertThat(this.dropping.withoutCredentials(original).getURI()).isEqualTo(original.getURI());
	}

}
