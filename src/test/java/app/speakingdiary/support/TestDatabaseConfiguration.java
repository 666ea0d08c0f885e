package app.speakingdiary.support;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Gives a test context (and the local run) a real PostgreSQL, chosen by
 * {@link TestDatabase#source()}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(FromTestcontainers.class)
	PostgreSQLContainer postgresContainer() {
		return new PostgreSQLContainer(TestDatabase.POSTGRES_IMAGE);
	}

	@Bean
	@Conditional(FromExplicitUrl.class)
	JdbcConnectionDetails explicitDatabase() {
		return connectionDetails(TestDatabase.explicitUrl(), envOr("TEST_DATABASE_USERNAME", "postgres"),
				envOr("TEST_DATABASE_PASSWORD", ""));
	}

	@Bean
	@Conditional(FromEmbedded.class)
	JdbcConnectionDetails embeddedDatabase() {
		EmbeddedPostgres postgres = TestDatabase.embedded(null);
		return connectionDetails(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
	}

	public static JdbcConnectionDetails connectionDetails(String url, String username, String password) {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return username;
			}

			@Override
			public String getPassword() {
				return password;
			}

		};
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null) ? fallback : value;
	}

	static class FromExplicitUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestDatabase.source() == TestDatabase.Source.EXPLICIT_URL;
		}

	}

	static class FromTestcontainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestDatabase.source() == TestDatabase.Source.TESTCONTAINERS;
		}

	}

	static class FromEmbedded implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestDatabase.source() == TestDatabase.Source.EMBEDDED;
		}

	}

}
