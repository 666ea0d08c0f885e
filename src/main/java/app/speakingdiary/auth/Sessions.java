package app.speakingdiary.auth;

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
