package app.speakingdiary.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.speakingdiary.telegram.FakeBotApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service is killed (SIGKILL: no shutdown, no cleanup) with every reply still
 * undelivered, and a new instance starts.
 */
class KillNineFaultTests extends FaultScenario {

	private static final String PENDING = "SELECT count(*) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING')";

	@Test
	void repliesUndeliveredAtAKillAreDeliveredOnceByTheNextInstance() {
		// The Bot API cannot be reached: every reply stays in the outbox.
		botApi.faults((call) -> call.method().equals("sendMessage") ? Response.dropConnection() : null);
		Set<Long> users;
		ServiceInstance first = ServiceInstance.asProcess(database, botApi,
				Path.of("target/faults/kill-9-first-instance.log"));
		try {
			users = sendStarts(first, 50);
			Awaitility.await("sends tried and failed")
				.atMost(Duration.ofSeconds(30))
				.until(() -> !botApi.calls("sendMessage").isEmpty());
			first.kill();
			// The fault itself: the process is gone, and it left every reply undelivered.
			assertThat(first.isAlive()).isFalse();
		}
		finally {
			first.close();
		}
		assertThat(jdbc.sql(PENDING).query(Long.class).single()).isEqualTo(users.size());
		botApi.faults((call) -> null);

		try (ServiceInstance second = ServiceInstance.inThisJvm(database, botApi)) {
			awaitOneReplyEach(users, Duration.ofSeconds(120));
			awaitOutboxDrained(Duration.ofSeconds(60));

			assertThat(chatsWithMoreThanOneReply(users)).as("users who got two replies").isEmpty();
		}
	}

}
