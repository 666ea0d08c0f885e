import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.speakingdiary.session.SessionTokens;
import app.speakingdiary.support.FakeSpeechToText;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.telegram.FakeBotApi;

/**
 * Chat media under load, against the packaged service (started by bench/media.sh with the fakes' URLs):
 * 1. a burst of 500 voice messages (100 users, 5 each, 50 at a time): webhook latency, the time until every file is
 *    stored and every recording transcribed, and that each file was downloaded and transcribed exactly once;
 * 2. 20 concurrent range reads (bytes=0-) of one 20 MB file through its signed link, with the service's heap sampled
 *    from the management port every 50 ms.
 * Usage (test classpath): java bench/MediaBench.java <service url> <management url> <jdbc url> <fake port> <stt port> <out.json>
 */
public class MediaBench {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public static void main(String[] args) throws Exception {
		String service = args[0];
		String management = args[1];
		String jdbcUrl = args[2];
		String token = System.getenv("BENCH_BOT_TOKEN");
		String secret = System.getenv("BENCH_WEBHOOK_SECRET");
		FakeBotApi botApi = new FakeBotApi(token, "SpeakingDiaryBenchBot", Integer.parseInt(args[3]));
		FakeSpeechToText speech = FakeSpeechToText.start(Integer.parseInt(args[4]));
		Path out = Path.of(args[5]);
		Files.writeString(out.resolveSibling("fakes-ready"), "ready");
		awaitHealthy(service);
		byte[] voice;
		try (InputStream in = MediaBench.class.getResourceAsStream("/media/voice.ogg")) {
			voice = in.readAllBytes();
		}
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
			String burst = burst(service, secret, botApi, speech, voice, db);
			String ranges = ranges(service, management, secret, token, botApi, db);
			String json = "{\"burst\":" + burst + ",\"ranges\":" + ranges + "}";
			Files.writeString(out, json);
			System.out.println(json);
		}
		finally {
			botApi.close();
			speech.close();
		}
	}

	static String burst(String service, String secret, FakeBotApi botApi, FakeSpeechToText speech, byte[] voice,
			Connection db) throws Exception {
		int users = 100;
		int each = 5;
		int total = users * each;
		List<String> updates = new ArrayList<>();
		for (int u = 0; u < users; u++) {
			for (int m = 0; m < each; m++) {
				int n = u * each + m;
				String fileId = "BURST" + n;
				botApi.addFile(fileId, "voice", voice);
				long userId = 2_000_000 + u;
				updates.add("""
						{"update_id":%d,"message":{"message_id":%d,"date":%d,"from":{"id":%d,"is_bot":false,\
						"first_name":"Bench","language_code":"ru"},"chat":{"id":%d,"type":"private"},\
						"voice":{"file_id":"%s","file_unique_id":"u%s","duration":2,"mime_type":"audio/ogg",\
						"file_size":%d}}}""".formatted(900_000 + n, m + 1, Instant.now().getEpochSecond(), userId, userId,
						fileId, fileId, voice.length));
			}
		}
		long[] latencies = new long[total];
		long started = System.nanoTime();
		var pool = Executors.newFixedThreadPool(50);
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			int index = i;
			sent.add(CompletableFuture.runAsync(() -> {
				long t0 = System.nanoTime();
				int status = post(service + "/api/telegram/webhook", secret, updates.get(index));
				latencies[index] = System.nanoTime() - t0;
				if (status != 200) {
					throw new IllegalStateException("webhook answered " + status);
				}
			}, pool));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
		long posted = System.nanoTime() - started;
		pool.shutdown();
		long storedAt = awaitCount(db, "SELECT count(*) FROM media WHERE status = 'stored' AND file_id LIKE 'BURST%'",
				total, started);
		long transcribedAt = awaitCount(db, "SELECT count(*) FROM note WHERE transcript_status = 'done'", total,
				started);
		long acknowledgementsEdited = awaitEdits(botApi, total, started);
		Arrays.sort(latencies);
		long downloadsNotOne = 0;
		for (int n = 0; n < total; n++) {
			if (botApi.downloads("BURST" + n) != 1) {
				downloadsNotOne++;
			}
		}
		long entries = count(db, "SELECT count(*) FROM note WHERE kind = 'voice'");
		return "{\"messages\":%d,\"entries\":%d,\"post_all_ms\":%d,\"webhook_p50_ms\":%.1f,\"webhook_p99_ms\":%.1f,"
			.formatted(total, entries, posted / 1_000_000, latencies[total / 2] / 1e6, latencies[total * 99 / 100] / 1e6)
				+ "\"all_stored_ms\":%d,\"all_transcribed_ms\":%d,\"all_acknowledgements_edited_ms\":%d,"
					.formatted(storedAt / 1_000_000, transcribedAt / 1_000_000, acknowledgementsEdited / 1_000_000)
				+ "\"files_not_downloaded_exactly_once\":%d,\"stt_calls\":%d,\"edits\":%d}".formatted(downloadsNotOne,
						speech.calls().size(), botApi.calls("editMessageText").size());
	}

	static String ranges(String service, String management, String secret, String token, FakeBotApi botApi,
			Connection db) throws Exception {
		int size = 20 * 1024 * 1024;
		byte[] file = new byte[size];
		new Random(20).nextBytes(file);
		botApi.addFile("TWENTY", "music", file);
		long userId = 3_000_000;
		post(service + "/api/telegram/webhook", secret, """
				{"update_id":990001,"message":{"message_id":1,"date":%d,"from":{"id":%d,"is_bot":false,\
				"first_name":"Bench"},"chat":{"id":%d,"type":"private"},"audio":{"file_id":"TWENTY",\
				"file_unique_id":"uTWENTY","duration":600,"mime_type":"audio/mpeg","file_size":%d}}}"""
			.formatted(Instant.now().getEpochSecond(), userId, userId, size));
		awaitCount(db, "SELECT count(*) FROM media WHERE file_id = 'TWENTY' AND status = 'stored'", 1, System.nanoTime());
		String session = "bench-media-session-0123456789abcdefghij";
		try (Statement statement = db.createStatement()) {
			statement.executeUpdate("INSERT INTO user_session (token_sha256, user_id) VALUES (decode('"
					+ java.util.HexFormat.of().formatHex(SessionTokens.digest(session)) + "', 'hex'), " + userId + ")");
		}
		String initData = new InitDataSigner(token).forUser(userId, "Bench", "ru", Instant.now().getEpochSecond());
		HttpResponse<String> notes = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/api/telegram/notes"))
			.header("X-Session-Token", session)
			.header("Authorization", "tma " + initData)
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(notes.body());
		if (!url.find()) {
			throw new IllegalStateException("no media url in " + notes.body());
		}
		String link = service + url.group(1).replace("\\u0026", "&");
		Thread.sleep(2000);
		long baseline = heapUsed(management);
		AtomicLong peak = new AtomicLong(baseline);
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(heapUsed(management), Math::max), 0, 50,
				TimeUnit.MILLISECONDS);
		int clients = 20;
		long started = System.nanoTime();
		List<CompletableFuture<HttpResponse<byte[]>>> reads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			reads.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(link)).header("Range", "bytes=0-").build(),
					HttpResponse.BodyHandlers.ofByteArray()));
		}
		int correct = 0;
		for (CompletableFuture<HttpResponse<byte[]>> read : reads) {
			HttpResponse<byte[]> response = read.join();
			if (response.statusCode() == 206 && Arrays.equals(response.body(), file)) {
				correct++;
			}
		}
		long elapsed = System.nanoTime() - started;
		sampler.shutdown();
		sampler.awaitTermination(5, TimeUnit.SECONDS);
		double mb = 1024.0 * 1024;
		return "{\"clients\":%d,\"file_mb\":20,\"correct_responses\":%d,\"elapsed_ms\":%d,\"throughput_mb_s\":%.0f,"
			.formatted(clients, correct, elapsed / 1_000_000, clients * 20 / (elapsed / 1e9))
				+ "\"heap_used_before_mb\":%.0f,\"heap_used_peak_mb\":%.0f,\"heap_growth_mb\":%.0f}"
					.formatted(baseline / mb, peak.get() / mb, (peak.get() - baseline) / mb);
	}

	static long heapUsed(String management) {
		try {
			String body = HTTP.send(HttpRequest
				.newBuilder(URI.create(management + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
				.build(), HttpResponse.BodyHandlers.ofString()).body();
			Matcher value = Pattern.compile("\"value\":([0-9.E+]+)").matcher(body);
			return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	static int post(String url, String secret, String body) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.header("X-Telegram-Bot-Api-Secret-Token", secret)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	static long count(Connection db, String sql) throws Exception {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/** Nanoseconds from {@code started} until the count reached {@code expected}. */
	static long awaitCount(Connection db, String sql, long expected, long started) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (count(db, sql) < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("gave up waiting for " + expected + ": " + sql);
			}
			Thread.sleep(20);
		}
		return System.nanoTime() - started;
	}

	static long awaitEdits(FakeBotApi botApi, int expected, long started) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (botApi.calls("editMessageText").size() + botApi.calls("sendMessage").stream()
			.filter((call) -> String.valueOf(call.text()).contains("Расшифровка"))
			.count() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("gave up waiting for the transcripts' replies");
			}
			Thread.sleep(50);
		}
		return System.nanoTime() - started;
	}

	static void awaitHealthy(String service) throws Exception {
		for (int i = 0; i < 1200; i++) {
			try {
				if (HTTP.send(HttpRequest.newBuilder(URI.create(service + "/api/telegram/health")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (Exception ex) {
				// not up yet
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the service never became healthy");
	}

}
