/**
 * Telegram's webhook: the Update records, what an update means ({@code BotEvent}), and
 * applying it once ({@code processed_update}) in one transaction with its effects.
 * <p>
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.telegram.webhook;

import org.jspecify.annotations.NullMarked;
