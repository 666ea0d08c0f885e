package app.speakingdiary.telegram.botapi;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The bot's public address, for the Mini App's page opened outside Telegram: it has no
 * initData to learn the bot from, and can only send the reader to the bot's chat.
 */
@RestController
class BotController {

	private final BotIdentity identity;

	BotController(BotIdentity identity) {
		this.identity = identity;
	}

	record Bot(String username, String url) {
	}

	@GetMapping(path = "/api/telegram/bot", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Bot>> bot() {
		return this.identity.username()
			.map((username) -> ResponseEntity.ok()
				.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
				.body(new Bot(username, "https://t.me/" + username)));
	}

}
