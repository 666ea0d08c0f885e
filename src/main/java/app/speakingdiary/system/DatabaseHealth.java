package app.speakingdiary.system;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Whether PostgreSQL answers, asked over a connection and a thread of the health check's
 * own. Through the shared pool and the queue of API work, a burst of calls made the check
 * wait its turn and report "down", and Caddy's active health check would then take the
 * only backend out of rotation while it was merely busy.
 */
@Component
class DatabaseHealth implements DisposableBean {

	static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final HikariDataSource dataSource;

	private final Scheduler thread = Schedulers.newSingle("health", true);

	DatabaseHealth(JdbcConnectionDetails database) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("health");
		config.setJdbcUrl(database.getJdbcUrl());
		config.setUsername(database.getUsername());
		config.setPassword(database.getPassword());
		config.setMaximumPoolSize(1);
		config.setConnectionTimeout(2_000);
		// The service starts (and says "down") while the database is away, instead of
		// failing here.
		config.setInitializationFailTimeout(-1);
		this.dataSource = new HikariDataSource(config);
	}

	Mono<Boolean> answers() {
		return Mono.fromCallable(this::ping).subscribeOn(this.thread).timeout(TIMEOUT).onErrorReturn(false);
	}

	private boolean ping() throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout((int) TIMEOUT.toSeconds());
			return statement.execute("SELECT 1");
		}
	}

	@Override
	public void destroy() {
		this.thread.dispose();
		this.dataSource.close();
	}

}
