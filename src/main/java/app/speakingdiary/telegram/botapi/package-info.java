/**
 * Telegram's Bot API over HTTP (WebClient): calls, their answers, the bot's own identity.
 * <p>
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.telegram.botapi;

import org.jspecify.annotations.NullMarked;
