package app.speakingdiary.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One keep-alive connection, as Caddy and Telegram keep them, carrying requests answered
 * from a JDBC thread (the health check) and requests answered at once (the OpenAPI
 * description, a refused call) in turn. With Reactor Netty 1.3.6 the connection stopped
 * reading after such a pair and the next request never got an answer
 * (reactor/reactor-netty#4361); every answer here must come within two seconds.
 */
class KeepAliveIntegrationTests extends IntegrationTest {

	private static final String[] REQUESTS = { "GET /api/telegram/health", "GET /api/telegram/openapi.yaml",
			"GET /api/telegram/me" };

	@LocalServerPort
	private int port;

	@Test
	void answersEveryRequestOnOneConnectionWhicheverThreadAnsweredTheOneBefore() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(2_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 300; i++) {
				String request = REQUESTS[i % REQUESTS.length];
				out.write((request + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(readResponse(in)).as("answer %d to %s", i, request).startsWith("HTTP/1.1 ");
			}
		}
	}

	/**
	 * The status line of one response with a Content-Length body (what every answer here
	 * has).
	 */
	private static String readResponse(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed after " + head);
			}
			head.append((char) b);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).strip());
			}
		}
		in.readNBytes(length);
		return head.substring(0, head.indexOf("\r\n"));
	}

}
