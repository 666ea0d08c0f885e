package app.speakingdiary.telegram.botapi;

import org.jspecify.annotations.Nullable;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * What a Bot API call came to, sorted by what the sender must do next. Descriptions are
 * Telegram's own words or the name of a transport failure; they never contain the request
 * URL, which holds the bot token.
 */
public record BotApiResponse(Kind kind, int status, @Nullable String description, @Nullable Duration retryAfter,
		@Nullable JsonNode result) {

	public enum Kind {

		/** Done. */
		OK,
		/** 429: wait {@code retryAfter} before anything else goes to that chat. */
		RATE_LIMITED,
		/** 403: the user blocked the bot, or the chat is gone. Permanent. */
		FORBIDDEN,
		/** 400 and other 4xx: the request itself is wrong. Permanent. */
		REJECTED,
		/**
		 * 401 or 404: the token is wrong or revoked. Retried with backoff; an operator
		 * must act.
		 */
		UNAUTHORIZED,
		/** 5xx, a timeout, a refused or dropped connection. Retried with backoff. */
		TRANSIENT

	}

	public boolean ok() {
		return this.kind == Kind.OK;
	}

	/** The request never left: the message cannot be sent as it stands. */
	public static BotApiResponse notSent(String description) {
		return new BotApiResponse(Kind.REJECTED, 0, description, null, null);
	}

	public static BotApiResponse transientFailure(String description) {
		return new BotApiResponse(Kind.TRANSIENT, 0, description, null, null);
	}

	static BotApiResponse of(int status, @Nullable String retryAfterHeader, @Nullable JsonNode body) {
		String description = text(body, "description");
		if (status == 200 && body != null && body.path("ok").asBoolean(false)) {
			return new BotApiResponse(Kind.OK, status, null, null, body.get("result"));
		}
		if (status == 429) {
			long seconds = body != null ? body.path("parameters").path("retry_after").asLong(0) : 0;
			if (seconds <= 0) {
				seconds = parseSeconds(retryAfterHeader);
			}
			return new BotApiResponse(Kind.RATE_LIMITED, status, description, Duration.ofSeconds(Math.max(1, seconds)),
					null);
		}
		if (status == 403) {
			return new BotApiResponse(Kind.FORBIDDEN, status, description, null, null);
		}
		if (status == 401 || status == 404) {
			return new BotApiResponse(Kind.UNAUTHORIZED, status, description, null, null);
		}
		if (status >= 400 && status < 500) {
			return new BotApiResponse(Kind.REJECTED, status, description, null, null);
		}
		return new BotApiResponse(Kind.TRANSIENT, status, (description != null) ? description : "HTTP " + status, null,
				null);
	}

	public String summary() {
		return (this.status > 0 ? this.status + " " : "") + (this.description != null ? this.description : this.kind);
	}

	private static @Nullable String text(@Nullable JsonNode body, String field) {
		JsonNode value = (body != null) ? body.get(field) : null;
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static long parseSeconds(@Nullable String header) {
		try {
			return (header != null) ? Long.parseLong(header.strip()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
