package app.speakingdiary.telegram;

import org.awaitility.Awaitility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Telegram's Bot API on loopback: it records every call and answers like
 * Telegram, or as a test scripts it (429 with retry_after, 5xx, 403, 400, a hang, a
 * dropped connection). It can also enforce Telegram's published limits by itself (30
 * messages a second overall, one a second per chat). The local run uses it so that nobody
 * needs a Telegram account to try the bot.
 */
public final class FakeBotApi implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String token;

	private final String botUsername;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(32);

	private final List<Call> calls = new ArrayList<>();

	private final Deque<Response> scripted = new ConcurrentLinkedDeque<>();

	private final AtomicLong messageIds = new AtomicLong(1000);

	private volatile boolean enforceLimits;

	private final Deque<Instant> recentSends = new ConcurrentLinkedDeque<>();

	private final Map<Long, Instant> lastSendPerChat = new ConcurrentHashMap<>();

	private final AtomicLong limitRejections = new AtomicLong();

	private volatile Function<Call, JsonNode> extraRoutes = (call) -> null;

	private volatile Function<Call, Response> faults = (call) -> null;

	private final List<Call> delivered = new ArrayList<>();

	public FakeBotApi(String token, String botUsername, int port) {
		this.token = token;
		this.botUsername = botUsername;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the fake Bot API on port " + port, ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public static FakeBotApi start(String token) {
		return new FakeBotApi(token, "SpeakingDiaryTestBot", 0);
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String botUsername() {
		return this.botUsername;
	}

	/**
	 * A call as Telegram would have received it; {@code path} holds the token and stays
	 * inside this class.
	 */
	public record Call(String method, boolean tokenValid, JsonNode body, Instant at, String httpMethod, String path) {

		public long chatId() {
			JsonNode chat = this.body.get("chat_id");
			return (chat == null) ? 0 : chat.asLong();
		}

		public String text() {
			JsonNode text = this.body.get("text");
			return (text == null) ? null : text.asString();
		}

	}

	/**
	 * A scripted answer: a status and body, optional headers, or a hang, or a dropped
	 * connection.
	 */
	public record Response(int status, String body, Map<String, String> headers, Duration hang, boolean drop) {

		public static Response error(int status, String description) {
			return new Response(status,
					"{\"ok\":false,\"error_code\":" + status + ",\"description\":\"" + description + "\"}", Map.of(),
					Duration.ZERO, false);
		}

		public static Response tooManyRequests(int retryAfterSeconds) {
			return new Response(429,
					"{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
							+ retryAfterSeconds + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}",
					Map.of("Retry-After", String.valueOf(retryAfterSeconds)), Duration.ZERO, false);
		}

		public static Response hang(Duration duration) {
			return new Response(200, null, Map.of(), duration, false);
		}

		/** No answer for {@code duration}, then an error: the message was not sent. */
		public static Response hangThenFail(Duration duration) {
			return new Response(504, "{\"ok\":false,\"error_code\":504,\"description\":\"Gateway Timeout\"}", Map.of(),
					duration, false);
		}

		public static Response dropConnection() {
			return new Response(0, null, Map.of(), Duration.ZERO, true);
		}

	}

	/**
	 * The next calls (of any method but getMe) get these answers, in order, before normal
	 * service resumes.
	 */
	public void script(Response... responses) {
		for (Response response : responses) {
			this.scripted.add(response);
		}
	}

	public void enforceTelegramLimits(boolean enforce) {
		this.enforceLimits = enforce;
	}

	public long limitRejections() {
		return this.limitRejections.get();
	}

	/**
	 * Consulted for every call but getMe after the scripted answers: a response to answer
	 * with, or null for normal service. For fault suites that inject failures at random
	 * or switch the whole API off.
	 */
	public void faults(Function<Call, Response> faults) {
		this.faults = faults;
	}

	/**
	 * The send* calls answered with success: what Telegram would have delivered to
	 * people.
	 */
	public List<Call> delivered() {
		synchronized (this.delivered) {
			return List.copyOf(this.delivered);
		}
	}

	/** A file Telegram keeps for the bot; {@code tooBig}: over the Bot API's 20 MB. */
	public record FakeFile(String fileId, String path, byte[] bytes, boolean tooBig) {
	}

	private final Map<String, FakeFile> files = new ConcurrentHashMap<>();

	private final Map<String, java.util.concurrent.atomic.AtomicInteger> downloads = new ConcurrentHashMap<>();

	private volatile Function<FakeFile, Response> fileFaults = (file) -> null;

	/** Keeps a file that getFile describes and the file URL serves. */
	public FakeFile addFile(String fileId, String directory, byte[] bytes) {
		FakeFile file = new FakeFile(fileId, directory + "/file_" + this.files.size() + "_" + fileId + ".bin", bytes,
				false);
		this.files.put(fileId, file);
		return file;
	}

	/** A file getFile refuses, as Telegram does over 20 MB. */
	public void addTooBigFile(String fileId) {
		this.files.put(fileId, new FakeFile(fileId, "documents/big.bin", new byte[0], true));
	}

	/** How many times a file's download was started. */
	public int downloads(String fileId) {
		java.util.concurrent.atomic.AtomicInteger count = this.downloads.get(fileId);
		return (count == null) ? 0 : count.get();
	}

	/**
	 * Consulted for every file download: an answer instead of the file (a status, a
	 * dropped connection), {@link Response#hang} to send half of the file and then stall,
	 * or null to serve it.
	 */
	public void fileFaults(Function<FakeFile, Response> faults) {
		this.fileFaults = faults;
	}

	public void extraRoutes(Function<Call, JsonNode> routes) {
		this.extraRoutes = routes;
	}

	public List<Call> calls() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	public List<Call> calls(String method) {
		return calls().stream().filter((call) -> call.method().equals(method)).toList();
	}

	public void reset() {
		synchronized (this.calls) {
			this.calls.clear();
		}
		synchronized (this.delivered) {
			this.delivered.clear();
		}
		this.faults = (call) -> null;
		this.scripted.clear();
		this.recentSends.clear();
		this.lastSendPerChat.clear();
		this.limitRejections.set(0);
		this.enforceLimits = false;
		this.files.clear();
		this.downloads.clear();
		this.messageIds.set(1000);
		this.fileFaults = (file) -> null;
	}

	/**
	 * Waits until at least {@code count} calls of {@code method} arrived, and returns
	 * them.
	 */
	public List<Call> await(String method, int count, Duration timeout) {
		return Awaitility.await("%d %s calls".formatted(count, method))
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> calls(method), (calls) -> calls.size() >= count);
	}

	private void handle(HttpExchange exchange) throws IOException {
		if (exchange.getRequestURI().getPath().startsWith("/file/")) {
			try (exchange) {
				serveFile(exchange);
			}
			return;
		}
		try (exchange) {
			Call call = record(exchange);
			if (call == null) {
				return;
			}
			if (!call.tokenValid()) {
				respond(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}", Map.of());
				return;
			}
			if (!"getMe".equals(call.method())) {
				Response next = this.scripted.poll();
				if (next != null) {
					answerScripted(exchange, call, next);
					return;
				}
				if (this.enforceLimits && call.method().startsWith("send") && overLimit(call)) {
					this.limitRejections.incrementAndGet();
					Response limited = Response.tooManyRequests(1);
					respond(exchange, limited.status(), limited.body(), limited.headers());
					return;
				}
				Response fault = this.faults.apply(call);
				if (fault != null) {
					answerScripted(exchange, call, fault);
					return;
				}
			}
			if ("getFile".equals(call.method())) {
				getFile(exchange, call);
				return;
			}
			respond(exchange, 200, JSON.writeValueAsString(result(call)), Map.of());
			if (call.method().startsWith("send")) {
				synchronized (this.delivered) {
					this.delivered.add(call);
				}
			}
		}
	}

	private Call record(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		if ("GET".equals(exchange.getRequestMethod()) && "/recorded".equals(path)) {
			respond(exchange, 200, JSON.writeValueAsString(recordedForPeople()), Map.of());
			return null;
		}
		// Control routes for benchmarks that run this fake in a process of its own.
		if ("POST".equals(exchange.getRequestMethod()) && path.startsWith("/control/")) {
			switch (path) {
				case "/control/reset" -> reset();
				case "/control/enforce-limits" -> enforceTelegramLimits(true);
				default -> {
				}
			}
			respond(exchange, 200, "{\"limit_rejections\":" + limitRejections() + "}", Map.of());
			return null;
		}
		Call local = new Call(path.substring(1), true, readBody(exchange), Instant.now(), exchange.getRequestMethod(),
				path);
		JsonNode extra = this.extraRoutes.apply(local);
		if (extra != null) {
			respond(exchange, 200, extra.isString() ? extra.asString() : JSON.writeValueAsString(extra), Map.of());
			return null;
		}
		String[] parts = path.split("/", 3);
		boolean valid = parts.length == 3 && parts[1].equals("bot" + this.token);
		String method = (parts.length == 3) ? parts[2] : path;
		Call call = new Call(method, valid, local.body(), local.at(), local.httpMethod(), path);
		synchronized (this.calls) {
			this.calls.add(call);
		}
		return call;
	}

	private JsonNode readBody(HttpExchange exchange) throws IOException {
		byte[] bytes;
		try (InputStream in = exchange.getRequestBody()) {
			bytes = in.readAllBytes();
		}
		String type = exchange.getRequestHeaders().getFirst("Content-Type");
		if (bytes.length == 0) {
			String query = exchange.getRequestURI().getRawQuery();
			return (query != null) ? form(query) : JSON.createObjectNode();
		}
		if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
			return form(new String(bytes, StandardCharsets.UTF_8));
		}
		return JSON.readTree(bytes);
	}

	private static JsonNode form(String text) {
		ObjectNode node = JSON.createObjectNode();
		for (String pair : text.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				node.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return node;
	}

	private boolean overLimit(Call call) {
		Instant now = call.at();
		synchronized (this.recentSends) {
			while (!this.recentSends.isEmpty() && this.recentSends.peekFirst().isBefore(now.minusSeconds(1))) {
				this.recentSends.pollFirst();
			}
			Instant previous = this.lastSendPerChat.get(call.chatId());
			// A small tolerance for clock granularity between the sender's pacing and
			// this check.
			if (this.recentSends.size() >= 30
					|| (previous != null && Duration.between(previous, now).toMillis() < 950)) {
				return true;
			}
			this.recentSends.addLast(now);
			this.lastSendPerChat.put(call.chatId(), now);
			return false;
		}
	}

	private JsonNode result(Call call) {
		ObjectNode answer = JSON.createObjectNode().put("ok", true);
		switch (call.method()) {
			case "getMe" -> answer.putObject("result")
				.put("id", Long.parseLong(this.token.substring(0, this.token.indexOf(':'))))
				.put("is_bot", true)
				.put("first_name", "Speaking Diary")
				.put("username", this.botUsername);
			case "sendMessage" -> {
				ObjectNode message = answer.putObject("result");
				message.put("message_id", this.messageIds.incrementAndGet()).put("date", call.at().getEpochSecond());
				message.putObject("chat").put("id", call.chatId());
				message.put("text", call.text());
			}
			case "getWebhookInfo" -> answer.putObject("result")
				.put("url", "")
				.put("has_custom_certificate", false)
				.put("pending_update_count", 0);
			default -> answer.put("result", true);
		}
		return answer;
	}

	private void getFile(HttpExchange exchange, Call call) throws IOException {
		JsonNode fileId = call.body().get("file_id");
		FakeFile file = (fileId == null) ? null : this.files.get(fileId.asString());
		if (file == null) {
			Response missing = Response.error(400, "Bad Request: invalid file_id");
			respond(exchange, missing.status(), missing.body(), Map.of());
			return;
		}
		if (file.tooBig()) {
			Response big = Response.error(400, "Bad Request: file is too big");
			respond(exchange, big.status(), big.body(), Map.of());
			return;
		}
		ObjectNode answer = JSON.createObjectNode().put("ok", true);
		answer.putObject("result")
			.put("file_id", file.fileId())
			.put("file_unique_id", "u" + file.fileId())
			.put("file_size", file.bytes().length)
			.put("file_path", file.path());
		respond(exchange, 200, JSON.writeValueAsString(answer), Map.of());
	}

	/** {@code GET /file/bot<token>/<file_path>}, as Telegram serves files to bots. */
	private void serveFile(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String prefix = "/file/bot" + this.token + "/";
		FakeFile file = !path.startsWith(prefix) ? null
				: this.files.values()
					.stream()
					.filter((f) -> f.path().equals(path.substring(prefix.length())))
					.findFirst()
					.orElse(null);
		if (file == null) {
			exchange.sendResponseHeaders(404, -1);
			return;
		}
		this.downloads.computeIfAbsent(file.fileId(), (id) -> new java.util.concurrent.atomic.AtomicInteger())
			.incrementAndGet();
		Response fault = this.fileFaults.apply(file);
		if (fault != null && fault.drop()) {
			exchange.getResponseBody().close();
			return;
		}
		if (fault != null && fault.hang().isZero()) {
			respond(exchange, fault.status(), fault.body(), fault.headers());
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
		exchange.sendResponseHeaders(200, file.bytes().length);
		try (OutputStream out = exchange.getResponseBody()) {
			if (fault != null) {
				int half = file.bytes().length / 2;
				out.write(file.bytes(), 0, half);
				out.flush();
				try {
					Thread.sleep(fault.hang().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				out.write(file.bytes(), half, file.bytes().length - half);
			}
			else {
				out.write(file.bytes());
			}
		}
		catch (IOException ex) {
			// The client went away mid-file (a killed service).
		}
	}

	private void answerScripted(HttpExchange exchange, Call call, Response response) throws IOException {
		if (response.drop()) {
			// Closing without a status line makes the client see the connection drop
			// mid-request.
			exchange.getResponseBody().close();
			return;
		}
		if (!response.hang().isZero()) {
			try {
				Thread.sleep(response.hang().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (response.body() != null) {
				respond(exchange, response.status(), response.body(), response.headers());
			}
			else {
				// A slow success: Telegram delivered it, whether or not the client still
				// waited for the answer.
				if (call.method().startsWith("send")) {
					synchronized (this.delivered) {
						this.delivered.add(call);
					}
				}
				respond(exchange, 200, "{\"ok\":true,\"result\":true}", Map.of());
			}
			return;
		}
		respond(exchange, response.status(), response.body(), response.headers());
	}

	private List<Map<String, Object>> recordedForPeople() {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Call call : calls()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("at", call.at().toString());
			entry.put("method", call.method());
			entry.put("body", call.body());
			result.add(entry);
		}
		return result;
	}

	private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
