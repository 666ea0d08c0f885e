package app.speakingdiary.limits;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Per-user rate limits, counted in PostgreSQL so that they hold across replicas sharing
 * the database: a fixed one-minute window per user and action, aligned to the clock (a
 * transaction that began in the window before counts into the current one rather than
 * moving the window back). The window's row is locked until the caller's transaction
 * ends, so one user's concurrent calls are counted one after the other; a caller that
 * refuses the call rolls its count back with the rest of its work.
 */
@Repository
public class RateLimits {

	public enum Action {

		/** A note created or deleted. */
		NOTE_WRITE,
		/**
		 * A session token issued: {@code /start} in the chat or
		 * {@code POST /api/telegram/session}.
		 */
		SESSION_ISSUE;

		String key() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * The caller's count in the current window, this call included, and how long until
	 * the window ends.
	 */
	public record Window(int hits, Duration retryAfter) {

		public boolean isOver(int limit) {
			return this.hits > limit;
		}

		/**
		 * The first call over the limit in this window: the one worth telling the user
		 * about.
		 */
		public boolean isFirstOver(int limit) {
			return this.hits == limit + 1;
		}

	}

	private final JdbcClient jdbc;

	RateLimits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts one call of {@code action} by {@code userId}, who must exist. Run it inside
	 * the call's transaction.
	 */
	public Window hit(long userId, Action action) {
		return this.jdbc
			.sql("""
					INSERT INTO rate_limit (user_id, action, window_start, hits)
					VALUES (:userId, :action, date_bin('1 minute', now(), timestamptz 'epoch'), 1)
					ON CONFLICT (user_id, action) DO UPDATE
					SET hits = CASE WHEN rate_limit.window_start >= EXCLUDED.window_start THEN rate_limit.hits + 1 ELSE 1 END,
					    window_start = greatest(rate_limit.window_start, EXCLUDED.window_start)
					RETURNING hits, extract(epoch FROM window_start + interval '1 minute' - now()) AS seconds_left""")
			.param("userId", userId)
			.param("action", action.key())
			.query((rs, row) -> new Window(rs.getInt("hits"),
					Duration.ofSeconds((long) Math.ceil(Math.max(1, rs.getDouble("seconds_left"))))))
			.single();
	}

	/**
	 * Counts the call and refuses it with {@link RateLimitedException} when it is over
	 * {@code perMinute}.
	 */
	public void check(long userId, Action action, int perMinute) {
		Window window = hit(userId, action);
		if (window.isOver(perMinute)) {
			throw new RateLimitedException(action, perMinute, window.retryAfter());
		}
	}

	/** Windows that ended are no longer read: a new call starts its window afresh. */
	public int purgeEnded() {
		return this.jdbc.sql("DELETE FROM rate_limit WHERE window_start < now() - interval '2 minutes'").update();
	}

}
