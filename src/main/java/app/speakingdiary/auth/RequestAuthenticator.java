package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import app.speakingdiary.session.Sessions.ActiveSession;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.session.Sessions;

/**
 * Authenticates an API call by its session token ({@code X-Session-Token}; an old
 * client's {@code ?session=} arrives as that header where LEGACY_QUERY_CREDENTIALS allows
 * it) and its Telegram initData ({@code Authorization: tma <initData>} or
 * {@code X-Telegram-Init-Data}); both must name one user. initData is checked first, in
 * memory, so that forged calls never reach the database.
 */
@Component
public class RequestAuthenticator {

	static final String SESSION_HEADER = "X-Session-Token";

	static final String INIT_DATA_HEADER = "X-Telegram-Init-Data";

	private static final String TMA_SCHEME = "tma ";

	private final InitDataValidator validator;

	private final Sessions sessions;

	private final DiaryProperties properties;

	RequestAuthenticator(InitDataValidator validator, Sessions sessions, DiaryProperties properties) {
		this.validator = validator;
		this.sessions = sessions;
		this.properties = properties;
	}

	/**
	 * The credentials of a notes or profile call, checked in memory: a session token and,
	 * unless configured otherwise, valid initData. Throws
	 * {@link AuthenticationFailedException}.
	 */
	Credentials credentials(ServerHttpRequest request) {
		InitData initData = initData(request, this.properties.telegram().initDataRequired());
		return new Credentials(sessionToken(request), initData);
	}

	/**
	 * The caller the credentials name: their session must be active and, with initData,
	 * belong to initData's user. Blocking (one database call): runs on a JDBC thread.
	 */
	Caller caller(Credentials credentials) {
		ActiveSession session = this.sessions.findActive(credentials.sessionToken())
			.orElseThrow(() -> AuthenticationFailedException.unauthorized("session_invalid",
					"The session is unknown, revoked or expired. Send /start to the bot again."));
		InitData initData = credentials.initData();
		if (initData != null && signedUser(initData).id() != session.userId()) {
			throw new AuthenticationFailedException(HttpStatus.FORBIDDEN, "user_mismatch",
					"The session token and initData belong to different Telegram users.");
		}
		return new Caller(session.userId(), session, initData);
	}

	/**
	 * The user of valid initData, which the session exchange needs whatever the
	 * configuration.
	 */
	InitData.User requireSignedUser(ServerHttpRequest request) {
		InitData data = initData(request, true);
		if (data == null) {
			throw AuthenticationFailedException.unauthorized("init_data_missing",
					"Send Telegram.WebApp.initData as 'Authorization: tma <initData>'.");
		}
		return signedUser(data);
	}

	/**
	 * initData is admitted only with a user ({@link #initData}); this says so to the
	 * compiler too.
	 */
	private static InitData.User signedUser(InitData data) {
		InitData.User user = data.user();
		if (user == null) {
			throw AuthenticationFailedException.unauthorized("init_data_without_user",
					"initData names no user; open the Mini App from the bot.");
		}
		return user;
	}

	private @Nullable InitData initData(ServerHttpRequest request, boolean required) {
		String raw = rawInitData(request.getHeaders());
		if (raw == null) {
			if (required) {
				throw AuthenticationFailedException.unauthorized("init_data_missing",
						"Send Telegram.WebApp.initData as 'Authorization: tma <initData>'.");
			}
			return null;
		}
		InitData data;
		try {
			data = this.validator.validate(raw);
		}
		catch (InitDataException ex) {
			throw AuthenticationFailedException.unauthorized("init_data_" + ex.reason().code(),
					"initData was refused: " + ex.getMessage() + ".");
		}
		if (data.user() == null || data.user().id() <= 0) {
			throw AuthenticationFailedException.unauthorized("init_data_without_user",
					"initData names no user; open the Mini App from the bot.");
		}
		return data;
	}

	private static @Nullable String rawInitData(HttpHeaders headers) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, TMA_SCHEME, 0, TMA_SCHEME.length())) {
			return authorization.substring(TMA_SCHEME.length()).strip();
		}
		String header = headers.getFirst(INIT_DATA_HEADER);
		return (header == null || header.isBlank()) ? null : header.strip();
	}

	private static String sessionToken(ServerHttpRequest request) {
		String token = request.getHeaders().getFirst(SESSION_HEADER);
		if (token == null || token.isBlank()) {
			throw AuthenticationFailedException.unauthorized("session_missing",
					"Send the session token from the bot's link as X-Session-Token.");
		}
		// Tokens are 43 URL-safe characters (imported ones up to 256 visible ASCII
		// characters); anything else
		// cannot match and is not worth a database call.
		if (token.length() > 256 || !token.strip().chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw AuthenticationFailedException.unauthorized("session_invalid",
					"The session is unknown, revoked or expired. Send /start to the bot again.");
		}
		return token.strip();
	}

}
