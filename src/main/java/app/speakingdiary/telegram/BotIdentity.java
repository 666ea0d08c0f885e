package app.speakingdiary.telegram;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** The bot's username from getMe, fetched once and kept; a failed lookup is not cached. */
@Component
class BotIdentity {

	private final Mono<String> username;

	BotIdentity(BotApiClient botApi) {
		this.username = botApi.call("getMe", "{}").flatMap((response) -> {
			String name = response.ok() ? response.result().path("username").asString(null) : null;
			return (name != null) ? Mono.just(name)
					: Mono.error(new BotApiUnavailableException("getMe failed: " + response.summary()));
		}).cache((name) -> Duration.ofHours(6), (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	Mono<String> username() {
		return this.username;
	}

	static class BotApiUnavailableException extends ResponseStatusException {

		BotApiUnavailableException(String message) {
			super(HttpStatus.SERVICE_UNAVAILABLE, "The Bot API is unavailable; Telegram will deliver the update again.");
			org.slf4j.LoggerFactory.getLogger(BotIdentity.class).warn(message);
		}

	}

}
