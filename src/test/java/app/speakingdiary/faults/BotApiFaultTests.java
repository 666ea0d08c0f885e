package app.speakingdiary.faults;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.speakingdiary.telegram.FakeBotApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bot API answers 429 with retry_after, 500 and 502, hangs past the client's timeout
 * or drops the connection, for four in ten sends.
 */
class BotApiFaultTests extends FaultScenario {

	@Test
	void everyReplyIsDeliveredExactlyOnceThroughBotApiFaults() {
		Random random = new Random(6);
		AtomicLong injected = new AtomicLong();
		botApi.faults((call) -> {
			if (!call.method().equals("sendMessage")) {
				return null;
			}
			Response fault;
			synchronized (random) {
				int roll = random.nextInt(100);
				fault = (roll < 12) ? Response.tooManyRequests(1)
						: (roll < 22) ? Response.error(500, "Internal Server Error")
								: (roll < 30) ? Response.error(502, "Bad Gateway")
										: (roll < 35) ? Response.hangThenFail(Duration.ofSeconds(3))
												: (roll < 42) ? Response.dropConnection() : null;
			}
			if (fault != null) {
				injected.incrementAndGet();
			}
			return fault;
		});
		try (ServiceInstance service = ServiceInstance.inThisJvm(database, botApi)) {
			Set<Long> users = sendStarts(service, 100);
			// The fault itself: the fake Bot API failed this many sends.
			Awaitility.await("faults injected").atMost(Duration.ofSeconds(60)).until(() -> injected.get() >= 30);
			botApi.faults((call) -> null);

			awaitOneReplyEach(users, Duration.ofSeconds(120));

			awaitOutboxDrained(Duration.ofSeconds(60));
			assertThat(chatsWithMoreThanOneReply(users)).as("users who got two replies").isEmpty();
			assertThat(service.isAlive()).isTrue();
			System.out.printf("bot-api-faults: %d replies, %d faults injected, %d send attempts%n", users.size(),
					injected.get(), botApi.calls("sendMessage").size());
		}
	}

}
