package app.speakingdiary.media;

/**
 * An entry's file was copied into our storage; published in the transaction that marks it
 * stored, so that work that follows (transcription) is scheduled with it.
 */
public record MediaStored(long noteId, long userId, String kind) {
}
