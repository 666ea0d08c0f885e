package app.speakingdiary.telegram;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.speakingdiary.auth.SessionTokens;
import app.speakingdiary.auth.TelegramProfile;
import tools.jackson.databind.node.ObjectNode;

/**
 * A private {@code /start}, the webhook's busiest update, recorded in one statement: the processed update id, the
 * user, a new session and the reply in the outbox. One statement is one round trip and its own transaction, and
 * its parts depend on the first: a redelivered update id inserts nothing at all. The same writes exist one by one
 * in {@code TelegramUsers}, {@code Sessions} and {@link Outbox} for the other paths.
 */
@Repository
class PrivateStarts {

	private final JdbcClient jdbc;

	PrivateStarts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** True when the update was new and its effects are committed; false for a redelivery, which changes nothing. */
	boolean record(long updateId, TelegramProfile profile, String sessionToken, long chatId, ObjectNode reply) {
		return this.jdbc.sql("""
				WITH seen AS (
				    INSERT INTO processed_update (update_id) VALUES (:updateId)
				    ON CONFLICT DO NOTHING RETURNING update_id
				), profile AS (
				    INSERT INTO telegram_user (id, first_name, last_name, username, language_code)
				    SELECT :userId, :firstName, :lastName, :username, :languageCode FROM seen
				    ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
				        username = EXCLUDED.username, language_code = EXCLUDED.language_code,
				        blocked_bot = false, updated_at = now()
				    RETURNING id
				), session AS (
				    INSERT INTO user_session (token_sha256, user_id) SELECT :digest, id FROM profile RETURNING id
				), reply AS (
				    INSERT INTO bot_outbox (chat_id, method, payload)
				    SELECT :chatId, 'sendMessage', :payload::jsonb FROM seen RETURNING id
				)
				SELECT count(*) FROM seen""")
			.param("updateId", updateId)
			.param("userId", profile.id())
			.param("firstName", profile.firstName())
			.param("lastName", profile.lastName())
			.param("username", profile.username())
			.param("languageCode", profile.languageCode())
			.param("digest", SessionTokens.digest(sessionToken))
			.param("chatId", chatId)
			.param("payload", reply.toString())
			.query(Long.class)
			.single() == 1;
	}

}
