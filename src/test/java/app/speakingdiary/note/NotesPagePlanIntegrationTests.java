package app.speakingdiary.note;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class NotesPagePlanIntegrationTests extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void thePageQueryUsesTheOwnersIndexEvenInTheCachedGenericPlan() throws Exception {
		newUser(301);
		newUser(302);
		this.jdbc.sql(
				"INSERT INTO note (user_id, text, entry_date) SELECT 301, 'note ' || g, now() - g * interval '1 minute' FROM generate_series(1, 5000) g")
			.update();
		String prepared = NotePages.PAGE_SQL.replace(":userId", "$1")
			.replace(":date", "$2")
			.replace(":id", "$3")
			.replace(":from", "$4")
			.replace(":limit", "$5");

		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("ANALYZE note");
			// The plan a prepared statement settles on after five executions, whatever
			// the parameters.
			statement.execute("SET plan_cache_mode = force_generic_plan");
			statement.execute("PREPARE notes_page (bigint, timestamptz, bigint, timestamptz, int) AS " + prepared);
			try {
				// User 302 has no notes: the plan must not read user 301's to find that
				// out.
				String plan = plan(statement,
						"EXPLAIN (ANALYZE, BUFFERS) EXECUTE notes_page (302, '9999-12-31', 9223372036854775807, '1900-01-01', 51)");
				// A later page of user 301 starts at the cursor and reads one page.
				String cursor = this.jdbc.sql("""
						SELECT quote_literal(entry_date) || ', ' || id FROM note
						ORDER BY entry_date DESC, id DESC OFFSET 4000 LIMIT 1""").query(String.class).single();
				String later = plan(statement,
						"EXPLAIN (ANALYZE, BUFFERS) EXECUTE notes_page (301, " + cursor + ", '1900-01-01', 51)");

				assertThat(plan).contains("note_user_entry_date_idx")
					.doesNotContain("note_pkey")
					.doesNotContain("Sort");
				assertThat(plan).contains("rows=0 loops=1");
				assertThat(later).contains("note_user_entry_date_idx").doesNotContain("Sort");
				assertThat(later).contains("rows=51 loops=1").doesNotContain("Rows Removed by Filter");
			}
			finally {
				statement.execute("DEALLOCATE notes_page");
				statement.execute("RESET plan_cache_mode");
			}
		}
	}

	private static String plan(Statement statement, String explain) throws Exception {
		StringBuilder plan = new StringBuilder();
		try (ResultSet rows = statement.executeQuery(explain)) {
			while (rows.next()) {
				plan.append(rows.getString(1)).append('\n');
			}
		}
		return plan.toString();
	}

}
