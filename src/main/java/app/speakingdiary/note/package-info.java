/**
 * Null-marked: a type may be null only where it says {@code @Nullable}; NullAway checks
 * it at compile time.
 */
@NullMarked
package app.speakingdiary.note;

import org.jspecify.annotations.NullMarked;
