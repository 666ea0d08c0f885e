package app.speakingdiary.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.speakingdiary.config.DiaryProperties;

/**
 * Users' sessions. A stored digest cannot be sent again, so restoring a session means
 * issuing a fresh token for the same user (who keeps their notes). A session ends when it
 * is revoked (logged out, the user blocked the bot, or it was the oldest of too many),
 * unused for the idle timeout, or older than the absolute lifetime.
 */
@Repository
public class Sessions {

	private final JdbcClient jdbc;

	private final DiaryProperties.Sessions settings;

	Sessions(JdbcClient jdbc, DiaryProperties properties) {
		this.jdbc = jdbc;
		this.settings = properties.sessions();
	}

	/** A session that may be used now. */
	public record ActiveSession(long id, long userId, Instant createdAt, Instant lastSeen) {
	}

	/**
	 * Finds the token's active session. {@code last_seen} is written at most once per
	 * {@code lastSeenInterval}, so that a busy Mini App does not turn every read into a
	 * write.
	 */
	public Optional<ActiveSession> findActive(String token) {
		Optional<StoredSession> found = this.jdbc.sql("""
				SELECT id, user_id, created_at, last_seen, last_seen < now() - make_interval(secs => :touch) AS stale
				FROM user_session
				WHERE token_sha256 = :digest AND revoked_at IS NULL AND last_seen > now() - make_interval(secs => :idle)
				  AND created_at > now() - make_interval(secs => :lifetime)""")
			.param("digest", SessionTokens.digest(token))
			.param("touch", seconds(this.settings.lastSeenInterval()))
			.param("idle", seconds(this.settings.idleTimeout()))
			.param("lifetime", seconds(this.settings.maxLifetime()))
			.query((rs,
					row) -> new StoredSession(new ActiveSession(rs.getLong("id"), rs.getLong("user_id"),
							rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_seen").toInstant()),
							rs.getBoolean("stale")))
			.optional();
		// Touched after the lookup has returned its connection: one call never holds two
		// connections at once.
		return found.map((stored) -> stored.stale() ? touch(stored.session()) : stored.session());
	}

	private record StoredSession(ActiveSession session, boolean stale) {
	}

	private ActiveSession touch(ActiveSession session) {
		Instant now = this.jdbc.sql("""
				UPDATE user_session SET last_seen = now()
				WHERE id = :id AND last_seen < now() - make_interval(secs => :touch) RETURNING last_seen""")
			.param("id", session.id())
			.param("touch", seconds(this.settings.lastSeenInterval()))
			.query((rs, row) -> rs.getTimestamp("last_seen").toInstant())
			.optional()
			.orElse(session.lastSeen());
		return new ActiveSession(session.id(), session.userId(), session.createdAt(), now);
	}

	/** A token just issued, returned once and never stored, and its session's id. */
	public record Issued(String token, long sessionId) {

		@Override
		public String toString() {
			return "Issued[token=redacted, sessionId=" + this.sessionId + "]";
		}

	}

	/**
	 * Issues a new token for an existing user and retires their oldest sessions beyond
	 * the per-user limit, so that repeated sign-ins cannot pile up live tokens. Run it in
	 * a transaction with the caller's other writes.
	 */
	public Issued issue(long userId) {
		String token = SessionTokens.newToken();
		long id = this.jdbc
			.sql("INSERT INTO user_session (token_sha256, user_id) VALUES (:digest, :userId) RETURNING id")
			.param("digest", SessionTokens.digest(token))
			.param("userId", userId)
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				UPDATE user_session SET revoked_at = now()
				WHERE user_id = :userId AND revoked_at IS NULL AND id NOT IN (
				    SELECT id FROM user_session WHERE user_id = :userId AND revoked_at IS NULL
				    ORDER BY id DESC LIMIT :keep)""")
			.param("userId", userId)
			.param("keep", this.settings.maxPerUser())
			.update();
		return new Issued(token, id);
	}

	/**
	 * Keeps a token issued by the earlier deployment working: stored as a digest like
	 * ours, starting now (its last use and the start of its lifetime). True when it was
	 * not there yet. Run it in a transaction.
	 */
	public boolean adopt(String token, long userId) {
		return this.jdbc.sql("""
				INSERT INTO user_session (token_sha256, user_id) VALUES (:digest, :userId)
				ON CONFLICT (token_sha256) DO NOTHING""")
			.param("digest", SessionTokens.digest(token))
			.param("userId", userId)
			.update() == 1;
	}

	/** Ends one session: logging out, or a token that never reached its user. */
	public void revoke(long sessionId) {
		this.jdbc.sql("UPDATE user_session SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
			.param("id", sessionId)
			.update();
	}

	/** Ends every session of a user, e.g. when they block the bot. */
	public int revokeAll(long userId) {
		return this.jdbc
			.sql("UPDATE user_session SET revoked_at = now() WHERE user_id = :userId AND revoked_at IS NULL")
			.param("userId", userId)
			.update();
	}

	/**
	 * Deletes sessions that can never be used again: revoked, idle too long, or past
	 * their lifetime.
	 */
	public int purgeEnded() {
		return this.jdbc.sql("""
				DELETE FROM user_session
				WHERE revoked_at IS NOT NULL OR last_seen < now() - make_interval(secs => :idle)
				   OR created_at < now() - make_interval(secs => :lifetime)""")
			.param("idle", seconds(this.settings.idleTimeout()))
			.param("lifetime", seconds(this.settings.maxLifetime()))
			.update();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
