package app.speakingdiary.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold a connection without doing their part, on raw sockets, against
 * timeouts shortened to a second (production: 60 s idle, 10 s between body reads, 30 s a
 * request). Each socket waits at most 8 s for the server to close it: on a server without
 * timeouts the read times out instead and the test fails.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
		properties = { "diary.http.idle-timeout=1s", "diary.http.read-timeout=1s", "diary.http.request-timeout=2s" })
class SlowClientsIntegrationTests extends IntegrationTest {

	@LocalServerPort
	private int port;

	@Test
	void closesAConnectionThatNeverSendsARequest() throws IOException {
		try (Socket socket = connect()) {
			assertThat(closedByServer(socket)).isTrue();
		}
	}

	@Test
	void closesAConnectionWhoseBodyStopsArriving() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "POST /api/telegram/webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "X-Telegram-Bot-Api-Secret-Token: " + WEBHOOK_SECRET + "\r\nContent-Length: 1000\r\n\r\n{\"upd");
			assertThat(closedByServer(socket)).isTrue();
		}
	}

	@Test
	void neverLogsTheQueryStringOfARequestWhoseChunkedBodyIsMalformed(CapturedOutput output) throws IOException {
		String secret = "QuerySecret" + "q".repeat(40);
		try (Socket socket = connect()) {
			send(socket,
					"POST /api/telegram/webhook?secret=" + secret + "&session=" + secret + "&x=1 HTTP/1.1\r\n"
							+ "Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
							+ "zz-not-a-chunk-size\r\n{}\r\n0\r\n\r\n");
			closedByServer(socket);
		}
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.until(() -> output.getAll().contains("/api/telegram/webhook"));
		assertThat(output.getAll()).doesNotContain(secret);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(8_000);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/**
	 * Reads until the server closes the connection; false when it is still open after the
	 * socket's timeout.
	 */
	private static boolean closedByServer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		try {
			while (in.read(buffer) >= 0) {
				// whatever the server answers before it closes
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (java.net.SocketException ex) {
			// reset by the server: closed too
			return true;
		}
	}

}
