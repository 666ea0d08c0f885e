package app.speakingdiary.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;

import app.speakingdiary.system.InvalidRequestException;

/**
 * {@code Idempotency-Key} for creating notes: a retry with the same key and body gets the
 * first answer, and never a second note, even when both arrive at once on two replicas;
 * the same key with another body is a 422. A key is claimed in the transaction that
 * creates the note, so a concurrent retry waits on the key's row and then reads the
 * answer; a create that fails leaves no key behind and can be retried. Keys live
 * {@value #HOURS} hours.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeys {

	static final int HOURS = 24;

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The first answer to a request with this key. */
	record Replay(int status, String body) {
	}

	static String checkKey(String key) {
		if (!KEY.matcher(key).matches()) {
			throw new InvalidRequestException(
					"Idempotency-Key must be 1-128 visible ASCII characters, such as a UUID.");
		}
		return key;
	}

	/**
	 * Claims the key for this request, in the caller's transaction: empty when the
	 * request is new (its answer must then be {@link #answer recorded}); the first answer
	 * when it is a retry. A key already used for another request is a 422.
	 */
	Optional<Replay> claim(long userId, String key, String request) {
		byte[] hash = sha256(request);
		this.jdbc.sql("""
				DELETE FROM idempotency_key
				WHERE user_id = :userId AND key = :key AND created_at < now() - make_interval(hours => :hours)""")
			.param("userId", userId)
			.param("key", key)
			.param("hours", HOURS)
			.update();
		int claimed = this.jdbc.sql("""
				INSERT INTO idempotency_key (user_id, key, request_hash, status, response)
				VALUES (:userId, :key, :hash, 201, '') ON CONFLICT (user_id, key) DO NOTHING""")
			.param("userId", userId)
			.param("key", key)
			.param("hash", hash)
			.update();
		if (claimed == 1) {
			return Optional.empty();
		}
		Stored first = this.jdbc
			.sql("SELECT request_hash, status, response FROM idempotency_key WHERE user_id = :userId AND key = :key")
			.param("userId", userId)
			.param("key", key)
			.query((rs, row) -> new Stored(rs.getBytes("request_hash"), rs.getInt("status"), rs.getString("response")))
			.single();
		if (!Arrays.equals(first.hash(), hash)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
					"This Idempotency-Key was used for another request; use a new key for a new note.");
			problem.setProperty("reason", "idempotency_key_reused");
			throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
		}
		return Optional.of(new Replay(first.status(), first.response()));
	}

	/** Records the answer to the request that claimed the key. */
	void answer(long userId, String key, int status, String body) {
		this.jdbc
			.sql("UPDATE idempotency_key SET status = :status, response = :body WHERE user_id = :userId AND key = :key")
			.param("status", status)
			.param("body", body)
			.param("userId", userId)
			.param("key", key)
			.update();
	}

	/** Forgets keys older than a day, every hour, on one replica. */
	@Bean
	RecurringTask<Void> idempotencyKeyPurge() {
		return Tasks.recurring("idempotency-key-purge", FixedDelay.of(Duration.ofHours(1)))
			.execute((instance, context) -> this.jdbc
				.sql("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => :hours)")
				.param("hours", HOURS)
				.update());
	}

	private record Stored(byte[] hash, int status, String response) {
	}

	private static byte[] sha256(String request) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
