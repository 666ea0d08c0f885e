/**
 * The files of chat entries (voice, audio, video notes, photos): copied from Telegram in
 * the background, kept behind {@link app.speakingdiary.media.MediaStore}, served to the
 * Mini App through short-lived signed links. Owns {@code media} and {@code media_chunk}.
 */
@NullMarked
package app.speakingdiary.media;

import org.jspecify.annotations.NullMarked;
