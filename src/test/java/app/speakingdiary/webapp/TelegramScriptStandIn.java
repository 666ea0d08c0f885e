package app.speakingdiary.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import app.speakingdiary.support.Fixtures;

/**
 * Serves the stand-in for {@code https://telegram.org/js/telegram-web-app.js} over HTTPS
 * on loopback, with a self-signed certificate for telegram.org made by the JDK's keytool.
 * The browser maps telegram.org here, so the Mini App's page loads unchanged.
 */
final class TelegramScriptStandIn implements AutoCloseable {

	private static final char[] PASSWORD = "stand-in".toCharArray();

	private final HttpsServer server;

	TelegramScriptStandIn() {
		this(Fixtures.read("webapp-test/telegram-web-app.js").getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * Serves this script as telegram.org's (Telegram's own, for
	 * RealTelegramScriptBrowserTests).
	 */
	TelegramScriptStandIn(byte[] script) {
		try {
			this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
			this.server.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not start the telegram.org stand-in", ex);
		}
		this.server.createContext("/js/telegram-web-app.js", (exchange) -> {
			try (exchange) {
				exchange.getResponseHeaders().set("Content-Type", "application/javascript; charset=utf-8");
				exchange.sendResponseHeaders(200, script.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(script);
				}
			}
		});
		// A thread per connection: Chromium opens speculative connections that would
		// stall a single dispatcher.
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static SSLContext sslContext() throws IOException, GeneralSecurityException {
		Path keystore = Files.createTempDirectory("telegram-stand-in").resolve("telegram.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "telegram", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=telegram.org", "-ext", "SAN=dns:telegram.org", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", new String(PASSWORD))
			.redirectErrorStream(true)
			.start();
		try {
			if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException(
						"keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, PASSWORD);
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

}
