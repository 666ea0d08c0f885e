package app.speakingdiary.telegram.webhook;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Update ids already handled. The primary key makes "at most once" hold across restarts
 * and replicas: a second insert of the same id waits for the first transaction and then
 * finds the row.
 */
@Repository
class ProcessedUpdates {

	private final JdbcClient jdbc;

	ProcessedUpdates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** True the first time an id is seen; false for a redelivery. */
	boolean markSeen(long updateId) {
		return this.jdbc.sql("INSERT INTO processed_update (update_id) VALUES (:id) ON CONFLICT DO NOTHING")
			.param("id", updateId)
			.update() == 1;
	}

	int purgeOlderThan(Duration retention) {
		return this.jdbc.sql("DELETE FROM processed_update WHERE processed_at < now() - make_interval(secs => :s)")
			.param("s", (double) retention.toSeconds())
			.update();
	}

}
