package app.speakingdiary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;

/**
 * Where the tests' and the local run's PostgreSQL comes from, in this order: an explicit
 * {@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USERNAME} and
 * {@code TEST_DATABASE_PASSWORD}); a Testcontainers PostgreSQL where a Docker engine
 * answers; otherwise an embedded PostgreSQL server started from this JVM.
 */
public final class TestDatabase {

	/** The production image's major version. */
	public static final String POSTGRES_IMAGE = "postgres:17-alpine";

	private static Boolean dockerAvailable;

	private static EmbeddedPostgres embedded;

	private TestDatabase() {
	}

	public enum Source {

		EXPLICIT_URL, TESTCONTAINERS, EMBEDDED

	}

	public static Source source() {
		if (explicitUrl() != null) {
			return Source.EXPLICIT_URL;
		}
		return dockerAvailable() ? Source.TESTCONTAINERS : Source.EMBEDDED;
	}

	public static String explicitUrl() {
		String url = System.getenv("TEST_DATABASE_URL");
		return (url == null || url.isBlank()) ? null : url;
	}

	public static synchronized boolean dockerAvailable() {
		if (dockerAvailable == null) {
			boolean available;
			try {
				available = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (Throwable ex) {
				available = false;
			}
			dockerAvailable = available;
			System.out.println("PostgreSQL: " + (explicitUrl() != null ? "TEST_DATABASE_URL"
					: available ? "Testcontainers (" + POSTGRES_IMAGE + ")" : "embedded server (no Docker engine)"));
		}
		return dockerAvailable;
	}

	/**
	 * The JVM-wide embedded server. With a data directory the data stays there across
	 * runs (the local run); without one the server starts on a fresh temporary cluster
	 * (the tests).
	 */
	public static synchronized EmbeddedPostgres embedded(Path dataDirectory) {
		if (embedded == null) {
			try {
				EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
					.setServerConfig("max_connections", "200")
					.setServerConfig("fsync", (dataDirectory != null) ? "on" : "off");
				if (dataDirectory != null) {
					builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
				}
				embedded = builder.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
			}
		}
		return embedded;
	}

}
