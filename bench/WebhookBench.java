import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load generator for the webhook, run by bench/webhook.sh and bench/compare.sh with the test classpath. The fake Bot
 * API is a process of its own (bench/FakeBotApiServer.java) on this machine, read over HTTP, so acknowledgement and
 * delivery times come from one clock. Open-loop at fixed rates: each request's latency
 * counts from when it was due, not when it was sent, so a stalled server cannot hide its queueing.
 *
 *   mode latency: warm-up, then 100, 300, 500 /start updates/s from distinct users, then saturation.
 *   mode sender:  the fake enforces Telegram's limits; 300 /start updates at 100/s; counts 429s.
 */
public class WebhookBench {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String TOKEN = System.getenv().getOrDefault("BENCH_BOT_TOKEN", "123456789:bench-token_0123456789");

	static final String SECRET = System.getenv().getOrDefault("BENCH_WEBHOOK_SECRET", "bench-webhook-secret_0123456789abcdefXYZ");

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	/** Telegram opens up to 40 connections to a webhook (setWebhook's max_connections default); so does this. */
	static final int CONNECTIONS = 40;

	static final long NO_MORE = Long.MIN_VALUE;

	static final AtomicLong NEXT_ID = new AtomicLong();

	static final Map<Long, Instant> ACKED = new ConcurrentHashMap<>();

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String service = args[1];
		int fakePort = Integer.parseInt(args[2]);
		Path out = Path.of(args[3]);
		NEXT_ID.set("sender".equals(mode) ? 2_000_000_000L : 1_000_000_000L);
		Fake fake = new Fake("http://127.0.0.1:" + fakePort);
		Map<String, Object> result = "sender".equals(mode) ? sender(service, fake) : latency(service, fake);
		String json = toJson(result);
		Files.createDirectories(out.getParent());
		Files.writeString(out, json);
		System.out.println(json);
	}

	record Sent(long chatId, Instant at) {
	}

	/** The fake Bot API process (bench/FakeBotApiServer.java), read over HTTP. */
	record Fake(String url) {

		static final JsonMapper JSON = JsonMapper.builder().build();

		List<Sent> calls(String method) {
			List<Sent> sent = new ArrayList<>();
			for (JsonNode call : JSON.readTree(get("/recorded"))) {
				if (call.path("method").asString().equals(method)) {
					sent.add(new Sent(call.path("body").path("chat_id").asLong(), Instant.parse(call.path("at").asString())));
				}
			}
			return sent;
		}

		void reset() {
			post("/control/reset");
		}

		void enforceTelegramLimits(boolean on) {
			post("/control/enforce-limits");
		}

		long limitRejections() {
			return JSON.readTree(post("/control/stats")).path("limit_rejections").asLong();
		}

		private String get(String path) {
			return call(HttpRequest.newBuilder(URI.create(this.url + path)).GET().build());
		}

		private String post(String path) {
			return call(HttpRequest.newBuilder(URI.create(this.url + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
		}

		private static String call(HttpRequest request) {
			try {
				return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	static Map<String, Object> latency(String service, Fake fake) throws Exception {
		Map<String, Object> result = new LinkedHashMap<>();
		// The JIT needs a while on two cores shared with PostgreSQL and this generator: warm up before measuring.
		fixedRate(service, 200, Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "60"))));
		List<Map<String, Object>> phases = new ArrayList<>();
		for (int rate : new int[] { 100, 300, 500 }) {
			// Each phase starts with the outbox drained, so that it measures its own rate only.
			drain(fake);
			fake.reset();
			ACKED.clear();
			Map<String, Object> phase = fixedRate(service, rate, Duration.ofSeconds(20));
			drain(fake);
			phase.put("ack_to_sendMessage_ms", deliveryDelays(fake));
			phases.add(phase);
		}
		drain(fake);
		result.put("fixed_rates", phases);
		result.put("saturation", saturation(service, 64, Duration.ofSeconds(15)));
		return result;
	}

	/** Waits until every acknowledged /start has reached the fake Bot API, or a minute has passed. */
	static void drain(Fake fake) throws InterruptedException {
		drain(fake, Duration.ofSeconds(60));
	}

	static void drain(Fake fake, Duration patience) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		long before = -1;
		while (System.nanoTime() < deadline) {
			long sent = fake.calls("sendMessage").size();
			if (sent >= ACKED.size() && sent == before) {
				return;
			}
			before = sent;
			Thread.sleep(500);
		}
	}

	static Map<String, Object> sender(String service, Fake fake) throws Exception {
		// Warm the service up first: a cold JVM's JIT stalls bunch sends together on the way out.
		fixedRate(service, 100, Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "60")) / 2));
		// At 30 messages/s the warm-up's replies take a good while to go out; the measured ones must not queue behind.
		drain(fake, Duration.ofSeconds(180));
		fake.reset();
		ACKED.clear();
		fake.enforceTelegramLimits(true);
		Map<String, Object> load = fixedRate(service, 100, Duration.ofSeconds(3));
		long expected = (long) load.get("requests");
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (fake.calls("sendMessage").size() - fake.limitRejections() < expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		List<Sent> sends = fake.calls("sendMessage");
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("updates", expected);
		result.put("sendMessage_calls", sends.size());
		result.put("rejected_with_429", fake.limitRejections());
		// Every call should be one of this phase's /start replies, each once.
		result.put("calls_for_earlier_updates", sends.stream().filter((sent) -> !ACKED.containsKey(sent.chatId())).count());
		result.put("chats_sent_twice", sends.size() - sends.stream().map(Sent::chatId).distinct().count());
		Instant first = sends.get(0).at();
		Instant last = sends.get(sends.size() - 1).at();
		result.put("send_rate_per_s", round((sends.size() - 1) / (Duration.between(first, last).toNanos() / 1e9)));
		int maxInAnySecond = 0;
		for (int i = 0, j = 0; i < sends.size(); i++) {
			while (Duration.between(sends.get(j).at(), sends.get(i).at()).toMillis() >= 1000) {
				j++;
			}
			maxInAnySecond = Math.max(maxInAnySecond, i - j + 1);
		}
		result.put("max_sends_in_any_1s_window", maxInAnySecond);
		return result;
	}

	/**
	 * Open loop: a scheduler hands each request to the connections at its due time; a request waits in the queue
	 * when every connection is busy, and that wait counts in its latency.
	 */
	static Map<String, Object> fixedRate(String service, int rate, Duration duration) throws Exception {
		long period = 1_000_000_000L / rate;
		int count = (int) (rate * duration.toSeconds());
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong errors = new AtomicLong();
		BlockingQueue<Long> due = new LinkedBlockingQueue<>();
		List<Thread> connections = new ArrayList<>();
		for (int c = 0; c < CONNECTIONS; c++) {
			connections.add(started(() -> {
				try (Connection connection = new Connection(URI.create(service))) {
					for (long at = due.take(); at != NO_MORE; at = due.take()) {
						send(connection, at, latencies, errors);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		long start = System.nanoTime() + 10_000_000L;
		for (int i = 0; i < count; i++) {
			long at = start + i * period;
			long wait = at - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			due.add(at);
		}
		for (int c = 0; c < CONNECTIONS; c++) {
			due.add(NO_MORE);
		}
		for (Thread connection : connections) {
			connection.join();
		}
		Map<String, Object> phase = summary(latencies, errors.get(), duration);
		phase.put("target_rate_per_s", rate);
		phase.put("connections", CONNECTIONS);
		return phase;
	}

	/** Closed loop: each connection sends its next update as soon as the last one is answered. */
	static Map<String, Object> saturation(String service, int concurrency, Duration duration) throws Exception {
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong errors = new AtomicLong();
		long end = System.nanoTime() + duration.toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			workers.add(started(() -> {
				try (Connection connection = new Connection(URI.create(service))) {
					while (System.nanoTime() < end) {
						send(connection, System.nanoTime(), latencies, errors);
					}
				}
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		Map<String, Object> phase = summary(latencies, errors.get(), duration);
		phase.put("concurrency", concurrency);
		return phase;
	}

	static Thread started(Runnable body) {
		Thread thread = new Thread(body);
		thread.start();
		return thread;
	}

	static void send(Connection connection, long due, ConcurrentLinkedQueue<Long> latencies, AtomicLong errors) {
		long id = NEXT_ID.incrementAndGet();
		String body = """
				{"update_id":%d,"message":{"message_id":1,"date":1700000000,"text":"/start",\
				"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"Bench","language_code":"ru"}}}"""
			.formatted(id, id, id);
		int status = connection.post("/api/telegram/webhook", body);
		long latency = System.nanoTime() - due;
		if (status != 200) {
			errors.incrementAndGet();
		}
		else {
			ACKED.put(id, Instant.now());
			latencies.add(latency);
		}
	}

	/**
	 * One keep-alive HTTP/1.1 connection over a plain socket: the generator shares two cores with the service, so it
	 * spends a write and a read per request and nothing more. Answers -1 when the connection failed (it reconnects).
	 */
	static final class Connection implements AutoCloseable {

		private final URI uri;

		private Socket socket;

		private InputStream in;

		private OutputStream out;

		Connection(URI uri) {
			this.uri = uri;
		}

		int post(String path, String body) {
			byte[] content = body.getBytes(StandardCharsets.UTF_8);
			String head = "POST " + path + " HTTP/1.1\r\nHost: " + this.uri.getHost() + ":" + this.uri.getPort()
					+ "\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: " + SECRET
					+ "\r\nContent-Length: " + content.length + "\r\n\r\n";
			try {
				if (this.socket == null) {
					this.socket = new Socket(this.uri.getHost(), this.uri.getPort());
					this.socket.setTcpNoDelay(true);
					this.socket.setSoTimeout(30_000);
					this.in = new BufferedInputStream(this.socket.getInputStream());
					this.out = this.socket.getOutputStream();
				}
				byte[] request = new byte[head.length() + content.length];
				System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
				System.arraycopy(content, 0, request, head.length(), content.length);
				this.out.write(request);
				return readResponse();
			}
			catch (IOException ex) {
				close();
				return -1;
			}
		}

		private int readResponse() throws IOException {
			String statusLine = line();
			int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
			int length = -1;
			boolean chunked = false;
			boolean closing = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String name = header.substring(0, header.indexOf(':')).trim().toLowerCase();
				String value = header.substring(header.indexOf(':') + 1).trim();
				length = name.equals("content-length") ? Integer.parseInt(value) : length;
				chunked |= name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
				closing |= name.equals("connection") && value.equalsIgnoreCase("close");
			}
			if (chunked) {
				for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
					this.in.readNBytes(size);
					line();
				}
				line();
			}
			else if (length > 0) {
				this.in.readNBytes(length);
			}
			if (closing) {
				close();
			}
			return status;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
				if (c < 0) {
					throw new IOException("connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		@Override
		public void close() {
			try {
				if (this.socket != null) {
					this.socket.close();
				}
			}
			catch (IOException ex) {
				// Nothing to do: the next request opens a new connection.
			}
			this.socket = null;
		}

	}

	static Map<String, Object> deliveryDelays(Fake fake) {
		List<Long> delays = new ArrayList<>();
		for (Sent call : fake.calls("sendMessage")) {
			Instant acked = ACKED.get(call.chatId());
			if (acked != null) {
				delays.add(Duration.between(acked, call.at()).toNanos());
			}
		}
		Map<String, Object> result = percentiles(delays);
		result.put("delivered", delays.size());
		return result;
	}

	static Map<String, Object> summary(ConcurrentLinkedQueue<Long> latencies, long errors, Duration duration) {
		List<Long> sorted = new ArrayList<>(latencies);
		Map<String, Object> phase = new LinkedHashMap<>();
		phase.put("requests", (long) sorted.size() + errors);
		phase.put("errors", errors);
		phase.put("throughput_per_s", round(sorted.size() / (double) duration.toSeconds()));
		phase.put("latency_ms", percentiles(sorted));
		return phase;
	}

	/** p50, p99 and max with HdrHistogram, three significant digits, from a microsecond to a minute. */
	static Map<String, Object> percentiles(List<Long> nanos) {
		Map<String, Object> result = new LinkedHashMap<>();
		if (nanos.isEmpty()) {
			return result;
		}
		Histogram histogram = new Histogram(1_000, 60_000_000_000L, 3);
		nanos.forEach((value) -> histogram.recordValue(Math.min(Math.max(value, 1_000), 60_000_000_000L)));
		result.put("p50", ms(histogram.getValueAtPercentile(50)));
		result.put("p99", ms(histogram.getValueAtPercentile(99)));
		result.put("max", ms(histogram.getMaxValue()));
		return result;
	}

	static double ms(long nanos) {
		return round(nanos / 1e6);
	}

	static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	static String toJson(Object value) {
		return JSON.writeValueAsString(value);
	}

}
