package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import app.speakingdiary.session.Sessions.ActiveSession;

/**
 * Who is calling the API: the user both the session token and initData name.
 * {@code initData} is null only for token-only clients, admitted when
 * TELEGRAM_INITDATA_REQUIRED=false.
 */
public record Caller(long userId, ActiveSession session, @Nullable InitData initData) {
}
