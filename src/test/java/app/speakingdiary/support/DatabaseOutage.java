package app.speakingdiary.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Plays a real database outage for the service under test: its database stops accepting
 * connections and every open connection is cut, as when PostgreSQL restarts. Closing ends
 * the outage.
 */
public final class DatabaseOutage implements AutoCloseable {

	private final JdbcConnectionDetails database;

	private final String name;

	private DatabaseOutage(JdbcConnectionDetails database, String name) {
		this.database = database;
		this.name = name;
	}

	public static DatabaseOutage begin(JdbcConnectionDetails database) {
		String name = database.getJdbcUrl().replaceFirst("^jdbc:postgresql://[^/]+/([^?]*).*$", "$1");
		DatabaseOutage outage = new DatabaseOutage(database, name);
		// PostgreSQL refuses to close the database one is connected to, so this runs from
		// another one.
		outage.execute("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS false",
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
		return outage;
	}

	@Override
	public void close() {
		execute("ALTER DATABASE \"" + this.name + "\" ALLOW_CONNECTIONS true");
	}

	private void execute(String... statements) {
		String otherDatabase = this.database.getJdbcUrl()
			.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1template1");
		try (Connection connection = DriverManager.getConnection(otherDatabase, this.database.getUsername(),
				this.database.getPassword()); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not change the test database's availability", ex);
		}
	}

}
