package app.speakingdiary.auth;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users table. Telegram assigns the ids, so a user is written with an upsert rather than a repository save
 * (which would take a set id for an UPDATE); concurrent first contacts of one user end in one row.
 */
@Repository
public class TelegramUsers {

	private final JdbcClient jdbc;

	TelegramUsers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records the profile as Telegram sent it; a user who writes to the bot has not blocked it. */
	public void upsert(TelegramProfile profile) {
		this.jdbc.sql("""
				INSERT INTO telegram_user (id, first_name, last_name, username, language_code)
				VALUES (:id, :firstName, :lastName, :username, :languageCode)
				ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
				    username = EXCLUDED.username, language_code = EXCLUDED.language_code,
				    blocked_bot = false, updated_at = now()""")
			.paramSource(profile)
			.update();
	}

	/** Returns whether a known user's flag changed; an unknown user is left alone. */
	public boolean markBlocked(long userId, boolean blocked) {
		return this.jdbc.sql("""
				UPDATE telegram_user SET blocked_bot = :blocked, updated_at = now()
				WHERE id = :id AND blocked_bot <> :blocked""")
			.param("id", userId)
			.param("blocked", blocked)
			.update() > 0;
	}

}
