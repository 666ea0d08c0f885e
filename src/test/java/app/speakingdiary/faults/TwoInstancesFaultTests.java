package app.speakingdiary.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one database get every update at the same moment, as when a redelivery
 * races the original.
 */
class TwoInstancesFaultTests extends FaultScenario {

	@Test
	void eachUpdateTakesEffectOnceAndEachReplyIsSentOnce() throws Exception {
		try (ServiceInstance a = ServiceInstance.inThisJvm(database, botApi);
				ServiceInstance b = ServiceInstance.inThisJvm(database, botApi)) {
			ExecutorService both = Executors.newFixedThreadPool(16);
			Set<Long> users = ConcurrentHashMap.newKeySet();
			Set<Long> updates = ConcurrentHashMap.newKeySet();
			AtomicLong acknowledgedByA = new AtomicLong();
			AtomicLong acknowledgedByB = new AtomicLong();
			List<Future<?>> sends = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				long user = newUserId();
				long update = newUpdateId();
				users.add(user);
				updates.add(update);
				sends.add(both.submit(() -> {
					if (postStart(a, update, user) == 200) {
						acknowledgedByA.incrementAndGet();
					}
				}));
				sends.add(both.submit(() -> {
					if (postStart(b, update, user) == 200) {
						acknowledgedByB.incrementAndGet();
					}
				}));
			}
			for (Future<?> send : sends) {
				send.get(60, TimeUnit.SECONDS);
			}
			both.shutdown();
			awaitOneReplyEach(users, Duration.ofSeconds(90));

			// The fault itself: both replicas received and acknowledged every update.
			assertThat(acknowledgedByA).hasValue(users.size());
			assertThat(acknowledgedByB).hasValue(users.size());
			assertThat(count("SELECT count(*) FROM processed_update WHERE update_id = ANY (?)", updates))
				.isEqualTo(updates.size());
			assertThat(count("SELECT count(*) FROM bot_outbox WHERE chat_id = ANY (?)", users))
				.as("one reply queued per update")
				.isEqualTo(users.size());
			awaitOutboxDrained(Duration.ofSeconds(60));
			assertThat(chatsWithMoreThanOneReply(users)).as("users who got two replies").isEmpty();
			assertThat(botApi.calls("sendMessage")).as("send attempts").hasSize(users.size());
		}
	}

}
