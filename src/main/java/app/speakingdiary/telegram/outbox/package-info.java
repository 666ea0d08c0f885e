/**
 * The transactional outbox of Bot API calls ({@code bot_outbox}, {@code bot_outbox_chat})
 * and its sender, paced within Telegram's limits.
 * <p>
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.telegram.outbox;

import org.jspecify.annotations.NullMarked;
