/**
 * Everything that speaks Telegram's Bot API, in sub-packages: {@code webhook} (updates
 * in), {@code outbox} (calls out), {@code botapi} (the HTTP client), {@code replies}
 * (what the bot says) and {@code setup}.
 * <p>
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.telegram;

import org.jspecify.annotations.NullMarked;
