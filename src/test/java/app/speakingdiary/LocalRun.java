package app.speakingdiary;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

import app.speakingdiary.support.TestDatabase;
import app.speakingdiary.support.TestDatabaseConfiguration;
import app.speakingdiary.telegram.FakeBotApi;

/**
 * The local run's database and welcome text. SPRING_DATASOURCE_URL, when set, is used as
 * it is; otherwise a Testcontainers PostgreSQL where Docker answers, else an embedded
 * server whose data stays in .local/postgres.
 */
@TestConfiguration(proxyBeanMethods = false)
class LocalRun {

	static FakeBotApi botApi;

	@Bean
	@ServiceConnection
	@Conditional(UseContainer.class)
	PostgreSQLContainer localPostgresContainer() {
		return new PostgreSQLContainer(TestDatabase.POSTGRES_IMAGE);
	}

	@Bean
	@Conditional(UseEmbedded.class)
	JdbcConnectionDetails localEmbeddedPostgres() {
		EmbeddedPostgres postgres = TestDatabase
			.embedded(LocalSpeakingDiaryApplication.LOCAL_DIRECTORY.resolve("postgres").toAbsolutePath());
		return TestDatabaseConfiguration.connectionDetails(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
				"postgres");
	}

	@EventListener
	void welcome(ApplicationReadyEvent ready) {
		Environment environment = ready.getApplicationContext().getEnvironment();
		String port = environment.getProperty("local.server.port", "8080");
		String managementPort = environment.getProperty("local.management.port", "8081");
		String api = "http://localhost:" + port + "/api/telegram";
		System.out.println(
				"""

						Speaking Diary is running locally.
						  Health:          curl -s %1$s/health
						  Metrics:         curl -s http://localhost:%2$s/actuator/prometheus | head
						  Fake Bot API:    %3$s (what the bot sent: curl -s %3$s/recorded)

						Try the bot without Telegram (user 42):
						  curl -s -X POST %1$s/webhook -H 'Content-Type: application/json' \\
						    -H "X-Telegram-Bot-Api-Secret-Token: %4$s" \\
						    -d '{"update_id":'$RANDOM',"message":{"message_id":1,"date":0,"text":"/start","chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada","language_code":"en"}}}'
						  curl -s %3$s/recorded

						Then use the notes API as the Mini App does, with the session from the bot's button and signed initData:
						  TOKEN=$(curl -s %3$s/recorded | grep -o 'session=[A-Za-z0-9_-]*' | tail -n 1 | cut -d= -f2)
						  INIT=$(curl -s '%3$s/init-data?user_id=42&first_name=Ada')
						  curl -s -X POST %1$s/notes -H "X-Session-Token: $TOKEN" -H "Authorization: tma $INIT" \\
						    -H 'Content-Type: application/json' -d '{"text":"My first note"}'
						  curl -s %1$s/notes -H "X-Session-Token: $TOKEN" -H "Authorization: tma $INIT"
						  API description: %1$s/openapi.yaml
						"""
					.formatted(api, managementPort, botApi.url(), (System.getenv("TELEGRAM_WEBHOOK_SECRET") != null)
							? "$TELEGRAM_WEBHOOK_SECRET" : "$(cat .local/local-webhook-secret)"));
	}

	private static boolean explicitDatabase(ConditionContext context) {
		String url = context.getEnvironment().getProperty("spring.datasource.url");
		return url != null && !url.isBlank();
	}

	static class UseContainer implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !explicitDatabase(context) && TestDatabase.dockerAvailable();
		}

	}

	static class UseEmbedded implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !explicitDatabase(context) && !TestDatabase.dockerAvailable();
		}

	}

}
