package app.speakingdiary.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The fault scenarios' own PostgreSQL server: a cluster in a temporary folder on a port
 * of its own, which a scenario may stop and start again. Never the machine's cluster, nor
 * the other tests' database.
 */
final class FaultDatabase implements AutoCloseable {

	private final Path directory;

	private final int port;

	private EmbeddedPostgres server;

	private FaultDatabase(Path directory, int port) {
		this.directory = directory;
		this.port = port;
		this.server = startServer();
	}

	static FaultDatabase start() {
		try {
			return new FaultDatabase(Files.createTempDirectory("speaking-diary-faults-"), freePort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	JdbcClient jdbc() {
		return JdbcClient
			.create(new SimpleDriverDataSource(new org.postgresql.Driver(), jdbcUrl(), "postgres", "postgres"));
	}

	/** Stops the server as an operator's restart does ({@code pg_ctl stop -m fast}). */
	void stop() {
		close();
	}

	/** Starts the server again on the same data and port. */
	void restart() {
		if (this.server == null) {
			this.server = startServer();
		}
	}

	/** Whether a new connection is accepted now: how a scenario sees its outage. */
	boolean acceptsConnections() {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		if (this.server != null) {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server = null;
		}
	}

	void delete() {
		close();
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private EmbeddedPostgres startServer() {
		try {
			return EmbeddedPostgres.builder()
				.setDataDirectory(this.directory)
				.setCleanDataDirectory(false)
				.setPort(this.port)
				.setServerConfig("max_connections", "100")
				.setServerConfig("fsync", "off")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the fault scenarios' PostgreSQL", ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
