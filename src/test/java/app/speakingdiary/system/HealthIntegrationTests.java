package app.speakingdiary.system;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.http.CacheControl;
import org.springframework.test.json.JsonCompareMode;

import app.speakingdiary.support.DatabaseOutage;
import app.speakingdiary.support.IntegrationTest;

class HealthIntegrationTests extends IntegrationTest {

	@Autowired
	private JdbcConnectionDetails database;

	@Autowired
	private BlockingJdbc blocking;

	@Autowired
	private DataSource dataSource;

	@Test
	void staysOkWhileEveryDatabaseThreadIsBusyWithApiWork() {
		// Longer than the check's own 3 s timeout: waiting behind this work, it would say
		// "down".
		java.util.List<java.util.concurrent.CompletableFuture<?>> busy = java.util.stream.IntStream
			.range(0, 12).<java.util.concurrent.CompletableFuture<?>>mapToObj(
					(i) -> this.blocking.call(() -> this.jdbc.sql("SELECT pg_sleep(4)").query().singleRow()).toFuture())
			.toList();
		try {
			this.http.get()
				.uri("/api/telegram/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"status\":\"ok\"}", JsonCompareMode.STRICT);
		}
		finally {
			// The next test finds the database threads free again.
			java.util.concurrent.CompletableFuture.allOf(busy.toArray(java.util.concurrent.CompletableFuture[]::new))
				.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
				.exceptionally((ex) -> null)
				.join();
		}
	}

	@Test
	void reportsOkWhenTheDatabaseAnswers() {
		this.http.get()
			.uri("/api/telegram/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody()
			.json("{\"status\":\"ok\"}", JsonCompareMode.STRICT);
	}

	@Test
	void reportsDownWhileTheDatabaseDoesNotAnswerAndRecovers() throws InterruptedException {
		try (DatabaseOutage outage = DatabaseOutage.begin(this.database)) {
			this.http.get()
				.uri("/api/telegram/health")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.json("{\"status\":\"down\"}", JsonCompareMode.STRICT);
		}
		// Connections cut by the outage are found broken one by one; the check recovers
		// by itself.
		Awaitility.await("health ok again")
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.http.get()
				.uri("/api/telegram/health")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value() == 200);
		// The check has a pool of its own: the service's pool, which the next tests use,
		// still holds the cut
		// connections (requests would find them broken one by one, answering 503
		// meanwhile).
		((HikariDataSource) this.dataSource).getHikariPoolMXBean().softEvictConnections();
	}

}
