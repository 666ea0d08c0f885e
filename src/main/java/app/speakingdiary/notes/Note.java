package app.speakingdiary.notes;

import java.time.Instant;

/** A diary note as the API shows it; {@code timestamp} is when it was written, in UTC. */
record Note(long id, String text, Instant timestamp) {
}
