package app.speakingdiary.telegram.botapi;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import tools.jackson.databind.JsonNode;

/**
 * The bot's username from getMe, fetched once and kept; a failed lookup is not cached.
 */
@Component
public class BotIdentity {

	private static final Logger logger = LoggerFactory.getLogger(BotIdentity.class);

	private final Mono<String> username;

	BotIdentity(BotApiClient botApi) {
		this.username = botApi.call("getMe", "{}").flatMap((response) -> {
			JsonNode result = response.result();
			String name = (response.ok() && result != null) ? result.path("username").asString(null) : null;
			if (name == null) {
				logger.warn("getMe failed: {}", response.summary());
				return Mono.error(new BotApiUnavailableException());
			}
			return Mono.just(name);
		}).cache((name) -> Duration.ofHours(6), (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	public Mono<String> username() {
		return this.username;
	}

	static class BotApiUnavailableException extends ResponseStatusException {

		BotApiUnavailableException() {
			super(HttpStatus.SERVICE_UNAVAILABLE,
					"The Bot API is unavailable; Telegram will deliver the update again.");
		}

	}

}
