package app.speakingdiary.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests that run the whole service on a random port against a real PostgreSQL. All of them share one
 * application context; each test starts from empty tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(TestDatabaseConfiguration.class)
@ActiveProfiles("test")
public abstract class IntegrationTest {

	@Autowired
	protected WebTestClient http;

	@Autowired
	protected JdbcClient jdbc;

	@BeforeEach
	void startFromEmptyTables() {
		this.jdbc.sql("TRUNCATE bot_outbox, processed_update, note, user_session, telegram_user RESTART IDENTITY")
			.update();
	}

}
