package app.speakingdiary.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.speakingdiary.telegram.FakeBotApi.Response;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops under webhook and notes load and starts again a few seconds later, as
 * in an operator's restart or a failover.
 */
class PostgresRestartFaultTests extends FaultScenario {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void webhookAndNotesCarryOnAfterARestartWithNothingLostOrDoubledAndNo500() throws Exception {
		// Each send takes a moment, so that some are answered while the database is away
		// and their results wait to be recorded.
		botApi.faults((call) -> call.method().equals("sendMessage") ? Response.hang(Duration.ofMillis(300)) : null);
		ExecutorService load = Executors.newFixedThreadPool(4);
		AtomicBoolean stop = new AtomicBoolean();
		try (ServiceInstance service = ServiceInstance.inThisJvm(database, botApi)) {
			Set<Long> acknowledgedUpdates = ConcurrentHashMap.newKeySet();
			Set<Long> startedUsers = ConcurrentHashMap.newKeySet();
			Map<Long, String> createdNotes = new ConcurrentHashMap<>();
			AtomicLong answered500 = new AtomicLong();
			AtomicLong attemptsDuringOutage = new AtomicLong();
			AtomicLong succeededAfterRestart = new AtomicLong();
			AtomicBoolean outage = new AtomicBoolean();
			AtomicBoolean restarted = new AtomicBoolean();
			List<NoteUser> noteUsers = List.of(newNoteUser(), newNoteUser());
			List<Future<?>> workers = new ArrayList<>();
			for (int w = 0; w < 2; w++) {
				workers.add(load.submit(() -> {
					while (!stop.get()) {
						long user = newUserId();
						long update = newUpdateId();
						// Telegram's side: the same update again until it is
						// acknowledged.
						while (!stop.get()) {
							int status = postStart(service, update, user);
							record(status, outage, attemptsDuringOutage, answered500);
							if (status == 200) {
								acknowledgedUpdates.add(update);
								startedUsers.add(user);
								if (restarted.get()) {
									succeededAfterRestart.incrementAndGet();
								}
								break;
							}
						}
					}
				}));
			}
			for (NoteUser user : noteUsers) {
				workers.add(load.submit(() -> {
					for (int n = 0; !stop.get(); n++) {
						String text = "note " + user.id() + "-" + n;
						Answer answer = createNote(service, user, text);
						record(answer.statusCode(), outage, attemptsDuringOutage, answered500);
						if (answer.statusCode() == 201) {
							createdNotes.put(JSON.readTree(answer.body()).at("/note/id").asLong(), text);
							if (restarted.get()) {
								succeededAfterRestart.incrementAndGet();
							}
						}
					}
				}));
			}
			Awaitility.await("load before the outage")
				.atMost(Duration.ofSeconds(30))
				.until(() -> acknowledgedUpdates.size() >= 10 && createdNotes.size() >= 10);

			Instant outageBegan = Instant.now();
			database.stop();
			outage.set(true);
			// The fault itself: PostgreSQL refuses connections and the health check says
			// so.
			assertThat(database.acceptsConnections()).isFalse();
			Awaitility.await("health reporting the database down")
				.atMost(Duration.ofSeconds(15))
				.until(() -> service.health() == 503);
			Awaitility.await("requests made during the outage")
				.atMost(Duration.ofSeconds(30))
				.until(() -> attemptsDuringOutage.get() >= 4);
			database.restart();
			Instant outageEnded = Instant.now();
			outage.set(false);
			restarted.set(true);

			// It recovers by itself: the same load gets through again.
			service.awaitHealthy(Duration.ofSeconds(30));
			Awaitility.await("requests succeeding after the restart")
				.atMost(Duration.ofSeconds(30))
				.until(() -> succeededAfterRestart.get() >= 20);
			stop.set(true);
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
			awaitOneReplyEach(startedUsers, Duration.ofSeconds(90));
			awaitOutboxDrained(Duration.ofSeconds(90));

			// Telegram took replies while the database was away: their results could not
			// be recorded at once.
			assertThat(botApi.delivered())
				.filteredOn((call) -> call.method().equals("sendMessage") && call.at().isAfter(outageBegan)
						&& call.at().isBefore(outageEnded))
				.as("replies Telegram accepted during the outage")
				.isNotEmpty();
			assertThat(answered500).as("answers 500 (only 503 while the database is down)").hasValue(0);
			Map<Long, String> stored = new ConcurrentHashMap<>();
			jdbc.sql("SELECT id, text FROM note WHERE id = ANY (?)")
				.param(createdNotes.keySet().toArray(Long[]::new))
				.query((rs) -> {
					stored.put(rs.getLong("id"), rs.getString("text"));
				});
			assertThat(stored).as("every note answered 201, stored as sent").isEqualTo(createdNotes);
			assertThat(count("SELECT count(*) FROM processed_update WHERE update_id = ANY (?)", acknowledgedUpdates))
				.as("every update answered 200, recorded")
				.isEqualTo(acknowledgedUpdates.size());
			assertThat(chatsWithMoreThanOneReply(startedUsers)).as("users who got two replies").isEmpty();
			System.out.printf("postgres-restart: %d updates and %d notes acknowledged, %d requests during the outage%n",
					acknowledgedUpdates.size(), createdNotes.size(), attemptsDuringOutage.get());
		}
		finally {
			stop.set(true);
			load.shutdownNow();
			database.restart();
		}
	}

	private static void record(int status, AtomicBoolean outage, AtomicLong attemptsDuringOutage,
			AtomicLong answered500) {
		if (outage.get()) {
			attemptsDuringOutage.incrementAndGet();
		}
		if (status == 500) {
			answered500.incrementAndGet();
		}
	}

}
