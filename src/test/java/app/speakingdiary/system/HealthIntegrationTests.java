package app.speakingdiary.system;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.http.CacheControl;
import org.springframework.test.json.JsonCompareMode;

import app.speakingdiary.support.DatabaseOutage;
import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class HealthIntegrationTests extends IntegrationTest {

	@Autowired
	private JdbcConnectionDetails database;

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
		// Connections cut by the outage are found broken one by one; the check recovers by itself.
		Awaitility.await("health ok again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> this.http.get().uri("/api/telegram/health").exchange().returnResult(String.class)
				.getStatus()
				.value() == 200);
	}

}
