package app.speakingdiary.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an OpenAI-compatible speech-to-text server on loopback
 * ({@code POST /v1/audio/transcriptions}, multipart): it records every call (its fields,
 * the file's bytes, the Authorization header) and answers with a transcript, or as a test
 * scripts it (429, 5xx, a hang, an answer that is not JSON).
 */
public final class FakeSpeechToText implements AutoCloseable {

	public static final String PATH = "/v1/audio/transcriptions";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(16);

	private final List<Call> calls = new ArrayList<>();

	private final Deque<Answer> scripted = new ConcurrentLinkedDeque<>();

	private volatile Answer always;

	/** A request as the server received it. */
	public record Call(Map<String, String> fields, byte[] file, String fileName, String fileType,
			String authorization) {
	}

	/** A scripted answer: a status and body after an optional hang. */
	public record Answer(int status, String body, Duration hang) {

		public static Answer text(String text) {
			return new Answer(200, "{\"text\":\"" + text.replace("\"", "\\\"") + "\"}", Duration.ZERO);
		}

		public static Answer status(int status) {
			return new Answer(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}", Duration.ZERO);
		}

		public static Answer garbage() {
			return new Answer(200, "<html>502 Bad Gateway</html>", Duration.ZERO);
		}

		public static Answer hang(Duration duration) {
			return new Answer(200, "{\"text\":\"too late\"}", duration);
		}

	}

	private FakeSpeechToText(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext(PATH, this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public static FakeSpeechToText start() {
		return new FakeSpeechToText(0);
	}

	/** On a given port, for benchmarks that run it in a process of their own. */
	public static FakeSpeechToText start(int port) {
		return new FakeSpeechToText(port);
	}

	/** What STT_URL is set to. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + PATH;
	}

	/** The next calls get these answers, in order. */
	public void script(Answer... answers) {
		this.scripted.addAll(List.of(answers));
	}

	/** Every call after the scripted ones gets this answer (null: a transcript). */
	public void always(Answer answer) {
		this.always = answer;
	}

	public List<Call> calls() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	public void reset() {
		synchronized (this.calls) {
			this.calls.clear();
		}
		this.scripted.clear();
		this.always = null;
	}

	/**
	 * The transcript this fake gives a file: names its size, so tests can tell files
	 * apart.
	 */
	public static String transcriptOf(int bytes) {
		return "Transcript of " + bytes + " bytes";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Call call = parse(exchange.getRequestHeaders().getFirst("Content-Type"), body,
					String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			synchronized (this.calls) {
				this.calls.add(call);
			}
			Answer answer = this.scripted.poll();
			if (answer == null) {
				answer = (this.always != null) ? this.always : Answer.text(transcriptOf(call.file().length));
			}
			if (!answer.hang().isZero()) {
				try {
					Thread.sleep(answer.hang().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static final Pattern DISPOSITION = Pattern.compile("name=\"([^\"]*)\"(?:; filename=\"([^\"]*)\")?");

	/** Enough of multipart/form-data for what the service sends. */
	private static Call parse(String contentType, byte[] body, String authorization) {
		String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
		String text = new String(body, StandardCharsets.ISO_8859_1);
		Map<String, String> fields = new LinkedHashMap<>();
		byte[] file = new byte[0];
		String fileName = "";
		String fileType = "";
		for (String part : text.split(Pattern.quote(boundary))) {
			int headersEnd = part.indexOf("\r\n\r\n");
			if (headersEnd < 0) {
				continue;
			}
			String headers = part.substring(0, headersEnd);
			String value = part.substring(headersEnd + 4, part.length() - 2);
			Matcher disposition = DISPOSITION.matcher(headers);
			if (!disposition.find()) {
				continue;
			}
			if (disposition.group(2) != null) {
				file = value.getBytes(StandardCharsets.ISO_8859_1);
				fileName = disposition.group(2);
				Matcher type = Pattern.compile("(?i)Content-Type: *([^\r\n]+)").matcher(headers);
				fileType = type.find() ? type.group(1).strip() : "";
			}
			else {
				fields.put(disposition.group(1),
						new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
			}
		}
		return new Call(fields, file, fileName, fileType, authorization);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
