package app.speakingdiary.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users' sessions. A stored digest cannot be sent again, so restoring a session means issuing a fresh token for
 * the same user (who keeps their notes); older tokens stay valid until revoked or idle too long.
 */
@Repository
public class Sessions {

	private final JdbcClient jdbc;

	Sessions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A session that may be used now: not revoked, and used within the idle timeout. */
	public record ActiveSession(long id, long userId, Instant createdAt, Instant lastSeen) {
	}

	/**
	 * Finds the token's active session. {@code last_seen} is written at most once per {@code touchInterval}, so
	 * that a busy Mini App does not turn every read into a write.
	 */
	public Optional<ActiveSession> findActive(String token, Duration idleTimeout, Duration touchInterval) {
		Optional<StoredSession> found = this.jdbc.sql("""
				SELECT id, user_id, created_at, last_seen, last_seen < now() - make_interval(secs => :touch) AS stale
				FROM user_session
				WHERE token_sha256 = :digest AND revoked_at IS NULL AND last_seen > now() - make_interval(secs => :idle)""")
			.param("digest", SessionTokens.digest(token))
			.param("touch", touchInterval.toMillis() / 1000.0)
			.param("idle", idleTimeout.toMillis() / 1000.0)
			.query((rs, row) -> new StoredSession(new ActiveSession(rs.getLong("id"), rs.getLong("user_id"),
					rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_seen").toInstant()),
					rs.getBoolean("stale")))
			.optional();
		// Touched after the lookup has returned its connection: one call never holds two connections at once.
		return found.map((stored) -> stored.stale() ? touch(stored.session(), touchInterval) : stored.session());
	}

	private record StoredSession(ActiveSession session, boolean stale) {
	}

	private ActiveSession touch(ActiveSession session, Duration touchInterval) {
		Instant now = this.jdbc.sql("""
				UPDATE user_session SET last_seen = now()
				WHERE id = :id AND last_seen < now() - make_interval(secs => :touch) RETURNING last_seen""")
			.param("id", session.id())
			.param("touch", touchInterval.toMillis() / 1000.0)
			.query((rs, row) -> rs.getTimestamp("last_seen").toInstant())
			.optional()
			.orElse(session.lastSeen());
		return new ActiveSession(session.id(), session.userId(), session.createdAt(), now);
	}

	/** Issues a new token for an existing user. The token itself is returned once and never stored. */
	public String issue(long userId) {
		String token = SessionTokens.newToken();
		this.jdbc.sql("INSERT INTO user_session (token_sha256, user_id) VALUES (:digest, :userId)")
			.param("digest", SessionTokens.digest(token))
			.param("userId", userId)
			.update();
		return token;
	}

}
