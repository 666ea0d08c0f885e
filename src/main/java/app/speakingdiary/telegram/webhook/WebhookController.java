package app.speakingdiary.telegram.webhook;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import app.speakingdiary.system.BlockingJdbc;
import app.speakingdiary.system.Failures;
import app.speakingdiary.telegram.webhook.UpdateProcessor.Outcome;
import app.speakingdiary.telegram.botapi.BotIdentity;
import app.speakingdiary.telegram.outbox.OutboxSender;

/**
 * Telegram's webhook. It answers 200 once the update's effects are committed, and only
 * then; the Bot API calls they cause are made afterwards by the outbox sender, so the
 * answer is fast. When our infrastructure fails (the database is down, the Bot API
 * unreachable) the answer is a 5xx and Telegram delivers the update again later; when the
 * update itself cannot be applied, it is acknowledged and logged, since a redelivery
 * would fail the same way for as long as Telegram keeps it.
 */
@RestController
class WebhookController {

	private static final Logger logger = LoggerFactory.getLogger(WebhookController.class);

	// Written as is (every accepted update gets the same answer), without a JSON encoder
	// and its buffers.
	private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);

	private final WebhookSecret secret;

	private final UpdateParser parser;

	private final UpdateProcessor processor;

	private final BotIdentity bot;

	private final OutboxSender sender;

	private final BlockingJdbc blocking;

	WebhookController(WebhookSecret secret, UpdateParser parser, UpdateProcessor processor, BotIdentity bot,
			OutboxSender sender, BlockingJdbc blocking) {
		this.secret = secret;
		this.parser = parser;
		this.processor = processor;
		this.bot = bot;
		this.sender = sender;
		this.blocking = blocking;
	}

	@PostMapping(path = "/api/telegram/webhook", produces = "application/json")
	@ResponseStatus(HttpStatus.OK)
	Mono<byte[]> receive(@RequestHeader(name = WebhookSecret.HEADER, required = false) String header,
			@RequestBody(required = false) byte[] body) {
		if (!this.secret.admits(header)) {
			return Mono
				.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The webhook secret is missing or wrong."));
		}
		Update update = this.parser.parse(body);
		BotEvent event = BotEvent.of(update);
		if (event instanceof BotEvent.Invalid invalid) {
			logger.warn("Update {} dropped: {}", update.updateId(), invalid.reason());
			return Mono.just(OK);
		}
		if (event instanceof BotEvent.Ignored) {
			return Mono.just(OK);
		}
		Mono<String> botUsername = (event instanceof BotEvent.StartInGroup) ? this.bot.username() : Mono.just("");
		return botUsername
			.flatMap((username) -> this.blocking.call(() -> this.processor.process(update.updateId(), event, username)))
			.map((outcome) -> {
				if (outcome == Outcome.SENDS) {
					this.sender.wakeUp();
				}
				if (outcome == Outcome.DUPLICATE) {
					logger.debug("Update {} was delivered again; it took effect the first time", update.updateId());
				}
				return OK;
			})
			.onErrorResume((ex) -> !Failures.isInfrastructure(ex), (ex) -> {
				logger.error("Update {} could not be applied and is dropped: {}", update.updateId(),
						Failures.describe(ex));
				return Mono.just(OK);
			});
	}

}
