package app.speakingdiary.telegram.outbox;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.system.BlockingJdbc;
import app.speakingdiary.system.Failures;
import app.speakingdiary.telegram.outbox.Outbox.Claimed;
import app.speakingdiary.telegram.botapi.BotApiClient;
import app.speakingdiary.telegram.botapi.BotApiResponse;

/**
 * Delivers the outbox. One claimer thread (never an event-loop thread) claims chats whose
 * turn has come when woken after a webhook commit, or every poll interval for work left
 * by other replicas, retries and restarts; it issues the session a /start reply carries,
 * paces sends to the overall rate and hands each to WebClient. Results are recorded on
 * the JDBC scheduler.
 */
@Component
public class OutboxSender implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxSender.class);

	private static final int MAX_IN_FLIGHT = 64;

	private static final int BATCH = 32;

	private final Outbox outbox;

	private final OutboxDelivery delivery;

	private final BotApiClient botApi;

	private final BlockingJdbc blocking;

	private final DiaryProperties.Outbox settings;

	private final SendRateLimiter rateLimiter;

	private final Semaphore wakeups = new Semaphore(0);

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean running;

	private @Nullable Thread claimer;

	OutboxSender(Outbox outbox, OutboxDelivery delivery, BotApiClient botApi, BlockingJdbc blocking,
			DiaryProperties properties) {
		this.outbox = outbox;
		this.delivery = delivery;
		this.botApi = botApi;
		this.blocking = blocking;
		this.settings = properties.outbox();
		this.rateLimiter = new SendRateLimiter(this.settings.messagesPerSecond(), System::nanoTime);
	}

	/** Called after a transaction that enqueued messages has committed. */
	public void wakeUp() {
		if (this.wakeups.availablePermits() == 0) {
			this.wakeups.release();
		}
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			logger.info("The outbox sender is disabled (diary.outbox.enabled=false)");
			return;
		}
		this.running = true;
		this.claimer = new Thread(this::loop, "outbox-claimer");
		this.claimer.setDaemon(true);
		this.claimer.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.wakeups.release();
		try {
			if (this.claimer != null) {
				this.claimer.join(5_000);
			}
			// In-flight sends finish (each is bounded by the request timeout) so that
			// none is left claimed.
			long deadline = System.nanoTime() + this.settings.requestTimeout().plusSeconds(2).toNanos();
			while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server, so that messages of the last accepted updates still go
	 * out.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private void loop() {
		while (this.running) {
			try {
				this.wakeups.tryAcquire(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wakeups.drainPermits();
				drain();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The database may be down: keep the loop alive and try again at the next
				// poll.
				logger.warn("Outbox claim failed: {}", ex.getClass().getSimpleName());
			}
		}
	}

	private void drain() {
		while (this.running) {
			// At most a second's worth of sends per claim, so that a batch goes out well
			// within its lease.
			int room = Math.min(Math.min(BATCH, this.settings.messagesPerSecond()),
					MAX_IN_FLIGHT - this.inFlight.get());
			if (room <= 0) {
				return;
			}
			long claimedAt = System.nanoTime();
			List<Outbox.Claim> claimed = this.outbox.claim(room, this.settings.lease());
			for (Outbox.Claim claim : claimed) {
				if (claim.message() == null) {
					this.delivery.settle(claim.chatId());
					continue;
				}
				OutboxDelivery.Prepared prepared = prepare(claim.message());
				if (prepared != null) {
					LockSupport.parkNanos(this.rateLimiter.reserve());
					send(prepared, claimedAt);
				}
			}
			if (claimed.size() < room) {
				return;
			}
		}
	}

	/**
	 * A message whose session cannot be issued is recorded as not sent, so that it counts
	 * as an attempt (or fails for good when the cause will not go away) and the rest of
	 * the batch goes on.
	 */
	private OutboxDelivery.@Nullable Prepared prepare(Claimed message) {
		try {
			return this.delivery.prepare(message);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not prepare outbox {}: {}", message.id(), Failures.describe(ex));
			BotApiResponse notSent = Failures.isInfrastructure(ex)
					? BotApiResponse.transientFailure("not prepared: " + Failures.describe(ex))
					: BotApiResponse.notSent("not prepared: " + Failures.describe(ex));
			this.delivery.record(new OutboxDelivery.Prepared(message, message.method(), message.payload(), null),
					notSent);
			return null;
		}
	}

	/**
	 * Records what the Bot API answered. When the database is briefly unreachable (a
	 * restart, a failover) the result is kept here and recorded again, until half the
	 * claim's lease has passed (while the sender runs): otherwise the lease would run out
	 * and a message Telegram already delivered would be sent a second time. Past that the
	 * message goes again (at least once), and a late record changes nothing (see
	 * {@code Outbox.STILL_OURS}).
	 */
	private Mono<Void> record(OutboxDelivery.Prepared prepared, BotApiResponse response, long claimedAt) {
		Duration patience = Duration
			.ofNanos(Math.max(0, claimedAt + this.settings.lease().dividedBy(2).toNanos() - System.nanoTime()));
		return this.blocking.run(() -> this.delivery.record(prepared, response))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(1))
				.filter((ex) -> this.running && Failures.isInfrastructure(ex)))
			.timeout(patience);
	}

	private void send(OutboxDelivery.Prepared prepared, long claimedAt) {
		Claimed message = prepared.message();
		this.inFlight.incrementAndGet();
		this.botApi.call(prepared.method(), prepared.payload())
			.flatMap((response) -> record(prepared, response, claimedAt))
			.doFinally((signal) -> {
				if (this.inFlight.getAndDecrement() >= MAX_IN_FLIGHT) {
					wakeUp();
				}
			})
			.onErrorResume((ex) -> {
				// The row stays claimed; its lease runs out and it is sent again (at
				// least
				// once).
				logger.warn("Could not record the result of outbox {}: {}", message.id(),
						ex.getClass().getSimpleName());
				return Mono.empty();
			})
			.subscribe();
	}

}
