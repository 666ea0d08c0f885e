import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.telegram.FakeBotApi;
import app.speakingdiary.telegram.FakeBotApi.Call;
import app.speakingdiary.telegram.FakeBotApi.Response;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fault suite, run by bench/faults.sh with the test classpath: the packaged service (started and killed here as
 * real processes), the machine's PostgreSQL, and the fake Bot API in this process. Each scenario prints PASS or
 * FAIL with its evidence; the exit status is non-zero if any failed.
 *
 * <ul>
 * <li>postgres-restart: webhook and notes load while PostgreSQL is stopped for a few seconds and started again.</li>
 * <li>bot-api-faults: the Bot API answers 429 with retry_after, 5xx, hangs past the timeout or drops connections.</li>
 * <li>kill-9: the service is killed with undelivered messages and started again.</li>
 * <li>two-instances: every update is delivered to two instances on one database at the same moment.</li>
 * </ul>
 * Usage: java FaultSuite.java JAR JDBC_URL DB_USER DB_PASSWORD RESULT_JSON 'PG_STOP_COMMAND' 'PG_START_COMMAND'
 */
public class FaultSuite {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String TOKEN = "123456789:faults-token_0123456789";

	static final String SECRET = "faults-secret";

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	static final AtomicLong UPDATE_IDS = new AtomicLong(500_000_000L);

	static final AtomicLong USER_IDS = new AtomicLong(7_000_000_000L);

	static String jar;

	static String jdbcUrl;

	static String dbUser;

	static String dbPassword;

	static FakeBotApi fake;

	static final Map<String, Object> RESULTS = new LinkedHashMap<>();

	public static void main(String[] args) throws Exception {
		jar = args[0];
		jdbcUrl = args[1];
		dbUser = args[2];
		dbPassword = args[3];
		Path out = Path.of(args[4]);
		String pgStop = args[5];
		String pgStart = args[6];
		fake = new FakeBotApi(TOKEN, "SpeakingDiaryFaultsBot", 0);
		boolean allPassed = true;
		try {
			allPassed &= postgresRestart(pgStop, pgStart);
			allPassed &= botApiFaults();
			allPassed &= kill9();
			allPassed &= twoInstances();
		}
		finally {
			fake.close();
		}
		RESULTS.put("all_passed", allPassed);
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, toJson(RESULTS));
		System.out.println(allPassed ? "ALL PASSED" : "SOME FAILED");
		System.exit(allPassed ? 0 : 1);
	}

	// ---------------------------------------------------------------- scenarios

	static boolean postgresRestart(String pgStop, String pgStart) throws Exception {
		fake.reset();
		Service service = Service.start(18180, 18181);
		try {
			Map<Long, String> noteUsers = seedSessions(4);
			Set<Long> ackedUpdates = ConcurrentHashMap.newKeySet();
			Set<Long> startedUsers = ConcurrentHashMap.newKeySet();
			Map<Long, String> createdNotes = new ConcurrentHashMap<>();
			AtomicLong webhook5xx = new AtomicLong();
			AtomicLong notes5xx = new AtomicLong();
			AtomicLong status500 = new AtomicLong();
			AtomicLong okAfterRestart = new AtomicLong();
			AtomicBoolean restarted = new AtomicBoolean();
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService load = Executors.newFixedThreadPool(4);
			List<Future<?>> workers = new ArrayList<>();
			for (int w = 0; w < 2; w++) {
				workers.add(load.submit(() -> {
					while (!stop.get()) {
						long user = USER_IDS.incrementAndGet();
						long update = UPDATE_IDS.incrementAndGet();
						// Telegram's side: redeliver until acknowledged.
						while (!stop.get()) {
							int status = postUpdate(service.port, update, user);
							if (status == 200) {
								ackedUpdates.add(update);
								startedUsers.add(user);
								if (restarted.get()) {
									okAfterRestart.incrementAndGet();
								}
								break;
							}
							count(status, webhook5xx, status500);
							sleep(100);
						}
						sleep(20);
					}
				}));
			}
			List<Map.Entry<Long, String>> sessions = new ArrayList<>(noteUsers.entrySet());
			for (int w = 0; w < 2; w++) {
				Map.Entry<Long, String> user = sessions.get(w);
				String initData = new InitDataSigner(TOKEN).forUser(user.getKey(), "Fault", "ru", now());
				workers.add(load.submit(() -> {
					int n = 0;
					while (!stop.get()) {
						String text = "note " + user.getKey() + "-" + (n++);
						HttpResponse<String> response = createNote(service.port, user.getValue(), initData, text);
						if (response == null) {
							notes5xx.incrementAndGet();
						}
						else if (response.statusCode() == 201) {
							createdNotes.put(idOf(response.body()), text);
							if (restarted.get()) {
								okAfterRestart.incrementAndGet();
							}
						}
						else {
							count(response.statusCode(), notes5xx, status500);
						}
						sleep(20);
					}
				}));
			}
			sleep(4_000);
			long beforeOutage = ackedUpdates.size() + createdNotes.size();
			shell(pgStop);
			sleep(4_000);
			shell(pgStart);
			restarted.set(true);
			// Recovery by itself: the load keeps going and must get through again.
			long deadline = System.currentTimeMillis() + 30_000;
			while (okAfterRestart.get() < 20 && System.currentTimeMillis() < deadline) {
				sleep(200);
			}
			sleep(2_000);
			stop.set(true);
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
			load.shutdown();
			awaitDeliveries(startedUsers, Duration.ofSeconds(90));

			List<String> problems = new ArrayList<>();
			check(problems, beforeOutage > 0, "load ran before the outage");
			check(problems, webhook5xx.get() > 0, "the webhook answered 5xx while PostgreSQL was down");
			check(problems, okAfterRestart.get() >= 20, "requests succeeded again after the restart");
			check(problems, status500.get() == 0, "no 500 (only 503 while down): " + status500.get());
			Map<Long, String> stored = notesInDatabase(createdNotes.keySet());
			long missing = createdNotes.entrySet().stream()
				.filter((note) -> !note.getValue().equals(stored.get(note.getKey())))
				.count();
			check(problems, missing == 0, "every note answered 201 is stored as sent: missing " + missing);
			long unrecorded = ackedUpdates.size() - countProcessed(ackedUpdates);
			check(problems, unrecorded == 0, "every update answered 200 is recorded: missing " + unrecorded);
			DeliveryCheck delivery = deliveries(startedUsers);
			check(problems, delivery.ok(), "every acknowledged /start got exactly one reply: " + delivery);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("updates_acknowledged", ackedUpdates.size());
			result.put("notes_created", createdNotes.size());
			result.put("webhook_5xx_during_outage", webhook5xx.get());
			result.put("notes_5xx_during_outage", notes5xx.get());
			result.put("status_500", status500.get());
			result.put("notes_missing", missing);
			result.put("updates_missing", unrecorded);
			result.put("replies_missing", delivery.missing());
			result.put("replies_duplicated", delivery.duplicated());
			return verdict("postgres-restart", problems, result);
		}
		finally {
			service.stop();
		}
	}

	static boolean botApiFaults() throws Exception {
		fake.reset();
		Random random = new Random(6);
		AtomicLong injected = new AtomicLong();
		fake.faults((call) -> {
			if (!call.method().equals("sendMessage")) {
				return null;
			}
			Response fault;
			synchronized (random) {
				int roll = random.nextInt(100);
				fault = (roll < 12) ? Response.tooManyRequests(1)
						: (roll < 22) ? Response.error(500, "Internal Server Error")
						: (roll < 30) ? Response.error(502, "Bad Gateway")
						: (roll < 35) ? Response.hangThenFail(Duration.ofSeconds(11))
						: (roll < 42) ? Response.dropConnection() : null;
			}
			if (fault != null) {
				injected.incrementAndGet();
			}
			return fault;
		});
		Service service = Service.start(18180, 18181);
		try {
			Set<Long> users = sendStarts(service, 150);
			sleep(15_000);
			fake.faults((call) -> null);
			awaitDeliveries(users, Duration.ofSeconds(120));
			List<String> problems = new ArrayList<>();
			check(problems, injected.get() >= 30, "faults were injected: " + injected.get());
			DeliveryCheck delivery = deliveries(users);
			check(problems, delivery.ok(), "every message delivered exactly once: " + delivery);
			check(problems, service.isAlive(), "the service is still running");
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("messages", users.size());
			result.put("faults_injected", injected.get());
			result.put("send_attempts", fake.calls("sendMessage").size());
			result.put("replies_missing", delivery.missing());
			result.put("replies_duplicated", delivery.duplicated());
			return verdict("bot-api-faults", problems, result);
		}
		finally {
			fake.faults((call) -> null);
			service.stop();
		}
	}

	static boolean kill9() throws Exception {
		fake.reset();
		// The Bot API is unreachable: every message stays undelivered in the outbox.
		fake.faults((call) -> call.method().equals("sendMessage") ? Response.dropConnection() : null);
		Service first = Service.start(18180, 18181);
		Set<Long> users;
		try {
			users = sendStarts(first, 100);
			sleep(2_000);
		}
		finally {
			first.kill();
		}
		long pendingAtKill = countPendingOutbox();
		fake.faults((call) -> null);
		Service second = Service.start(18180, 18181);
		try {
			awaitDeliveries(users, Duration.ofSeconds(120));
			List<String> problems = new ArrayList<>();
			check(problems, pendingAtKill == users.size(),
					"all " + users.size() + " messages were undelivered at the kill: " + pendingAtKill);
			DeliveryCheck delivery = deliveries(users);
			check(problems, delivery.ok(), "after the restart every message delivered exactly once: " + delivery);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("messages", users.size());
			result.put("undelivered_at_kill", pendingAtKill);
			result.put("replies_missing", delivery.missing());
			result.put("replies_duplicated", delivery.duplicated());
			return verdict("kill-9", problems, result);
		}
		finally {
			second.stop();
		}
	}

	static boolean twoInstances() throws Exception {
		fake.reset();
		Service a = Service.start(18180, 18181);
		Service b = Service.start(18182, 18183);
		try {
			ExecutorService both = Executors.newFixedThreadPool(16);
			Set<Long> users = ConcurrentHashMap.newKeySet();
			AtomicLong notAcknowledged = new AtomicLong();
			List<Future<?>> sends = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				long user = USER_IDS.incrementAndGet();
				long update = UPDATE_IDS.incrementAndGet();
				users.add(user);
				// The same update reaches both replicas at once, as a redelivery racing the original would.
				for (Service target : List.of(a, b)) {
					sends.add(both.submit(() -> {
						if (postUpdate(target.port, update, user) != 200) {
							notAcknowledged.incrementAndGet();
						}
					}));
				}
			}
			for (Future<?> send : sends) {
				send.get(60, TimeUnit.SECONDS);
			}
			both.shutdown();
			awaitDeliveries(users, Duration.ofSeconds(90));
			sleep(3_000);
			List<String> problems = new ArrayList<>();
			check(problems, notAcknowledged.get() == 0, "both replicas acknowledged every copy: "
					+ notAcknowledged.get() + " not");
			long sessions = countSessions(users);
			check(problems, sessions == users.size(), "each update took effect once (one session per user): "
					+ sessions + " for " + users.size() + " users");
			DeliveryCheck delivery = deliveries(users);
			long attempts = fake.calls("sendMessage").size();
			check(problems, delivery.ok(), "every reply sent exactly once: " + delivery);
			check(problems, attempts == users.size(), "no message even attempted twice: " + attempts);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("updates", users.size());
			result.put("copies_sent", 2 * users.size());
			result.put("sessions", sessions);
			result.put("send_attempts", attempts);
			result.put("replies_missing", delivery.missing());
			result.put("replies_duplicated", delivery.duplicated());
			return verdict("two-instances", problems, result);
		}
		finally {
			a.stop();
			b.stop();
		}
	}

	// ---------------------------------------------------------------- the service as a process

	static final class Service {

		final int port;

		final Process process;

		private Service(int port, Process process) {
			this.port = port;
			this.process = process;
		}

		static Service start(int port, int managementPort) throws Exception {
			ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar);
			Map<String, String> env = builder.environment();
			env.put("TELEGRAM_BOT_TOKEN", TOKEN);
			env.put("TELEGRAM_WEBHOOK_SECRET", SECRET);
			env.put("PUBLIC_WEBAPP_URL", "https://diary.example.org/");
			env.put("TELEGRAM_API_URL", fake.url());
			env.put("SPRING_DATASOURCE_URL", jdbcUrl);
			env.put("SPRING_DATASOURCE_USERNAME", dbUser);
			env.put("SPRING_DATASOURCE_PASSWORD", dbPassword);
			env.put("SERVER_PORT", String.valueOf(port));
			env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
			// Shorter than the defaults (lease 60 s, backoff up to 5 min) so that the suite ends in minutes.
			env.put("OUTBOX_LEASE", "25s");
			env.put("OUTBOX_MAX_BACKOFF", "4s");
			Path log = Path.of("bench/results/faults-service-" + port + ".log");
			Files.createDirectories(log.getParent());
			builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			Service service = new Service(port, builder.start());
			long deadline = System.currentTimeMillis() + 60_000;
			while (System.currentTimeMillis() < deadline) {
				if (!service.process.isAlive()) {
					throw new IllegalStateException("The service exited; see " + log);
				}
				try {
					HttpResponse<Void> health = HTTP.send(HttpRequest.newBuilder(
							URI.create("http://127.0.0.1:" + port + "/api/telegram/health")).build(),
							HttpResponse.BodyHandlers.discarding());
					if (health.statusCode() == 200) {
						return service;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				sleep(200);
			}
			service.kill();
			throw new IllegalStateException("The service did not become healthy; see " + log);
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		/** SIGKILL: no shutdown hook, no graceful stop. */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}

	}

	// ---------------------------------------------------------------- HTTP

	/** The status of one update posted to the webhook; 599 when the service could not be reached. */
	static int postUpdate(int port, long updateId, long userId) {
		String update = """
				{"update_id":%d,"message":{"message_id":1,"date":%d,"text":"/start","entities":[{"offset":0,\
				"length":6,"type":"bot_command"}],"from":{"id":%d,"is_bot":false,"first_name":"Fault",\
				"language_code":"en"},"chat":{"id":%d,"type":"private","first_name":"Fault"}}}"""
			.formatted(updateId, now(), userId, userId);
		HttpResponse<String> response = send(HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + port + "/api/telegram/webhook"))
			.header("Content-Type", "application/json")
			.header("X-Telegram-Bot-Api-Secret-Token", SECRET)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(update))
			.build());
		return (response != null) ? response.statusCode() : 599;
	}

	static HttpResponse<String> createNote(int port, String token, String initData, String text) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/telegram/notes"))
			.header("Content-Type", "application/json")
			.header("X-Session-Token", token)
			.header("Authorization", "tma " + initData)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
			.build());
	}

	/** The response, or null when the service could not be reached or did not answer in time. */
	static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** /start from {@code count} new users, each redelivered until acknowledged. */
	static Set<Long> sendStarts(Service service, int count) {
		Set<Long> users = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < count; i++) {
			long user = USER_IDS.incrementAndGet();
			long update = UPDATE_IDS.incrementAndGet();
			for (int attempt = 0; postUpdate(service.port, update, user) != 200; attempt++) {
				if (attempt > 50) {
					throw new IllegalStateException("The webhook does not acknowledge updates");
				}
				sleep(100);
			}
			users.add(user);
		}
		return users;
	}

	static void count(int status, AtomicLong fivexx, AtomicLong status500) {
		if (status >= 500) {
			fivexx.incrementAndGet();
		}
		if (status == 500) {
			status500.incrementAndGet();
		}
	}

	static long idOf(String body) {
		int at = body.indexOf("\"id\":") + 5;
		int end = at;
		while (Character.isDigit(body.charAt(end))) {
			end++;
		}
		return Long.parseLong(body.substring(at, end));
	}

	// ---------------------------------------------------------------- deliveries and the database

	record DeliveryCheck(int expected, long missing, long duplicated) {

		boolean ok() {
			return this.missing == 0 && this.duplicated == 0;
		}

		@Override
		public String toString() {
			return this.expected + " expected, " + this.missing + " missing, " + this.duplicated + " duplicated";
		}

	}

	static DeliveryCheck deliveries(Set<Long> users) {
		Map<Long, Long> perChat = fake.delivered().stream()
			.filter((call) -> call.method().equals("sendMessage"))
			.collect(Collectors.groupingBy(Call::chatId, Collectors.counting()));
		long missing = users.stream().filter((user) -> !perChat.containsKey(user)).count();
		long duplicated = perChat.entrySet().stream()
			.filter((chat) -> users.contains(chat.getKey()) && chat.getValue() > 1)
			.count();
		return new DeliveryCheck(users.size(), missing, duplicated);
	}

	static void awaitDeliveries(Set<Long> users, Duration timeout) {
		long deadline = System.currentTimeMillis() + timeout.toMillis();
		while (deliveries(users).missing() > 0 && System.currentTimeMillis() < deadline) {
			sleep(250);
		}
	}

	static Map<Long, String> seedSessions(int count) throws SQLException {
		Map<Long, String> sessions = new LinkedHashMap<>();
		try (Connection db = database()) {
			for (int i = 0; i < count; i++) {
				long user = USER_IDS.incrementAndGet();
				String token = "faultsession" + user + "x".repeat(20);
				try (PreparedStatement insert = db.prepareStatement(
						"INSERT INTO telegram_user (id, first_name) VALUES (?, 'Fault')")) {
					insert.setLong(1, user);
					insert.executeUpdate();
				}
				try (PreparedStatement insert = db.prepareStatement("INSERT INTO user_session (token_sha256, user_id) "
						+ "VALUES (sha256(convert_to(?, 'UTF8')), ?)")) {
					insert.setString(1, token);
					insert.setLong(2, user);
					insert.executeUpdate();
				}
				sessions.put(user, token);
			}
		}
		return sessions;
	}

	static Map<Long, String> notesInDatabase(Set<Long> ids) throws SQLException {
		Map<Long, String> found = new HashMap<>();
		try (Connection db = database(); PreparedStatement query = db.prepareStatement(
				"SELECT id, text FROM note WHERE id = ANY (?)")) {
			query.setArray(1, db.createArrayOf("bigint", ids.toArray()));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					found.put(rows.getLong(1), rows.getString(2));
				}
			}
		}
		return found;
	}

	static long countProcessed(Set<Long> updateIds) throws SQLException {
		return countWhereAny("SELECT count(*) FROM processed_update WHERE update_id = ANY (?)", updateIds);
	}

	static long countSessions(Set<Long> users) throws SQLException {
		return countWhereAny("SELECT count(*) FROM user_session WHERE user_id = ANY (?)", users);
	}

	static long countPendingOutbox() throws SQLException {
		try (Connection db = database(); ResultSet rows = db.createStatement()
			.executeQuery("SELECT count(*) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING')")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	static long countWhereAny(String sql, Set<Long> values) throws SQLException {
		try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
			query.setArray(1, db.createArrayOf("bigint", values.toArray()));
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	static Connection database() throws SQLException {
		return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
	}

	// ---------------------------------------------------------------- plumbing

	static void check(List<String> problems, boolean holds, String what) {
		System.out.println("  " + (holds ? "ok   " : "FAIL ") + what);
		if (!holds) {
			problems.add(what);
		}
	}

	static boolean verdict(String scenario, List<String> problems, Map<String, Object> figures) {
		figures.put("verdict", problems.isEmpty() ? "PASS" : "FAIL");
		RESULTS.put(scenario, figures);
		System.out.println((problems.isEmpty() ? "PASS " : "FAIL ") + scenario + " " + toJson(figures));
		return problems.isEmpty();
	}

	static void shell(String command) throws Exception {
		Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("Failed: " + command);
		}
	}

	static long now() {
		return System.currentTimeMillis() / 1000;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static String toJson(Map<String, Object> map) {
		return JSON.writeValueAsString(map);
	}

}
