package app.speakingdiary.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Tells a failure of our infrastructure (the database unreachable or busy, a dependency
 * answering 5xx), which is worth a retry, from a failure caused by what a request or an
 * update holds, which would fail again the same way.
 */
public final class Failures {

	private Failures() {
	}

	public static boolean isInfrastructure(Throwable ex) {
		if (ex instanceof TransientDataAccessException || ex instanceof TransactionException
				|| ex instanceof RejectedExecutionException
				|| (ex instanceof ResponseStatusException status && status.getStatusCode().is5xxServerError())) {
			return true;
		}
		return isConnectionFailure(ex);
	}

	/** A connection to PostgreSQL could not be had or was lost. */
	static boolean isConnectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException
					|| (cause instanceof SQLException sql && isUnavailable(sql.getSQLState()))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * What failed, for a log line: the exception's kind and any SQLSTATE, never its
	 * message, which may quote the values of the statement (a diary's text, a profile)
	 * or, from an HTTP client, a URL with the bot token.
	 */
	public static String describe(Throwable ex) {
		StringBuilder out = new StringBuilder(ex.getClass().getSimpleName());
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return out.append(" (SQLSTATE ").append(sql.getSQLState()).append(')').toString();
			}
		}
		return out.toString();
	}

	/**
	 * SQLSTATE class 08 (connection exception) and 57P (the server is shutting down or
	 * starting up).
	 */
	private static boolean isUnavailable(String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
	}

}
