/**
 * What the bot says: its texts in each language and the Mini App's links.
 * <p>
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.telegram.replies;

import org.jspecify.annotations.NullMarked;
