/**
 * Setting the bot up: its commands and menu button at startup, and the {@code webhook}
 * command.
 * <p>
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.telegram.setup;

import org.jspecify.annotations.NullMarked;
