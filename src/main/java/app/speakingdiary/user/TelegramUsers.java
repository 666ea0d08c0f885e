package app.speakingdiary.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users table. Telegram assigns the ids, so a user is written with an upsert rather
 * than a repository save (which would take a set id for an UPDATE); concurrent first
 * contacts of one user end in one row.
 */
@Repository
public class TelegramUsers {

	private final JdbcClient jdbc;

	TelegramUsers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the profile as Telegram sent it. {@code wroteToBot}: the user just wrote to
	 * the bot, so has not blocked it; opening the Mini App says nothing about that.
	 */
	public void upsert(TelegramProfile profile, boolean wroteToBot) {
		this.jdbc.sql("""
				INSERT INTO telegram_user (id, first_name, last_name, username, language_code)
				VALUES (:id, :firstName, :lastName, :username, :languageCode)
				ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
				    username = EXCLUDED.username, language_code = EXCLUDED.language_code,
				    blocked_bot = telegram_user.blocked_bot AND NOT :wroteToBot, updated_at = now()""")
			.param("id", profile.id())
			.param("firstName", profile.firstName())
			.param("lastName", profile.lastName())
			.param("username", profile.username())
			.param("languageCode", profile.languageCode())
			.param("wroteToBot", wroteToBot)
			.update();
	}

	/**
	 * A user known only by id (an import): added if missing, never overwritten. True when
	 * added.
	 */
	public boolean addIfMissing(long userId, Instant since) {
		return this.jdbc.sql("""
				INSERT INTO telegram_user (id, created_at, updated_at) VALUES (:id, :since, :since)
				ON CONFLICT (id) DO NOTHING""").param("id", userId).param("since", Timestamp.from(since)).update() == 1;
	}

	public Optional<TelegramProfile> find(long userId) {
		return this.jdbc
			.sql("SELECT id, first_name, last_name, username, language_code FROM telegram_user WHERE id = ?")
			.param(userId)
			.query((rs, row) -> new TelegramProfile(rs.getLong("id"), rs.getString("first_name"),
					rs.getString("last_name"), rs.getString("username"), rs.getString("language_code")))
			.optional();
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
