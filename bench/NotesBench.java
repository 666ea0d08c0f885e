import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import app.speakingdiary.support.InitDataSigner;

/**
 * Closed-loop load on the notes API, run by bench/notes.sh: for 1, 8 and 64 concurrent users, notes created per
 * second, then pages listed per second, each for a fixed time. Users 1000001.. and their tokens are made by the
 * script; initData is signed here with the bench bot's token.
 */
public class NotesBench {

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool();

	public static void main(String[] args) throws Exception {
		String service = args[0];
		int seconds = Integer.parseInt(args[1]);
		Path out = Path.of(args[2]);
		InitDataSigner signer = new InitDataSigner(System.getenv("BENCH_BOT_TOKEN"));
		long now = System.currentTimeMillis() / 1000;
		List<String[]> users = new ArrayList<>();
		for (int i = 1; i <= 64; i++) {
			users.add(new String[] { token(i), signer.forUser(1_000_000 + i, "Bench", "ru", now) });
		}
		run(service, users, "create", 8, 5);
		Map<String, Object> result = new LinkedHashMap<>();
		for (int concurrency : new int[] { 1, 8, 64 }) {
			result.put("create_c" + concurrency, run(service, users, "create", concurrency, seconds));
			result.put("list_c" + concurrency, run(service, users, "list", concurrency, seconds));
		}
		String json = toJson(result);
		Files.writeString(out, json);
		System.out.println(json);
	}

	static String token(int i) {
		return "benchtoken" + String.format("%033d", i);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> run(String service, List<String[]> users, String kind, int concurrency, int seconds) {
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong errors = new AtomicLong();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<CompletableFuture<?>> workers = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			String[] user = users.get(w % users.size());
			workers.add(CompletableFuture.runAsync(() -> {
				while (System.nanoTime() < end) {
					HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service + "/api/telegram/notes"))
						.header("X-Session-Token", user[0])
						.header("Authorization", "tma " + user[1])
						.timeout(Duration.ofSeconds(30));
					if (kind.equals("create")) {
						request.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"benchmark note\"}"));
					}
					long start = System.nanoTime();
					try {
						int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
						if (status >= 300) {
							errors.incrementAndGet();
						}
						else {
							latencies.add(System.nanoTime() - start);
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
			}, POOL));
		}
		CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("per_s", Math.round(sorted.size() * 10.0 / seconds) / 10.0);
		result.put("errors", errors.get());
		result.put("p50_ms", sorted.isEmpty() ? 0 : Math.round(sorted.get(sorted.size() / 2) / 10_000.0) / 100.0);
		result.put("p99_ms", sorted.isEmpty() ? 0 : Math.round(sorted.get((int) (sorted.size() * 0.99)) / 10_000.0) / 100.0);
		return result;
	}

	static String toJson(Map<String, Object> map) {
		List<String> fields = new ArrayList<>();
		map.forEach((k, v) -> fields.add("\"" + k + "\":" + (v instanceof Map<?, ?> m ? toJson((Map<String, Object>) m) : v)));
		return "{" + String.join(",", fields) + "}";
	}

}
