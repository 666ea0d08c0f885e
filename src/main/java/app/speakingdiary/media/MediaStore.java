package app.speakingdiary.media;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * Where the bytes of entries' files live: PostgreSQL by default
 * ({@link PostgresMediaStore}). An S3-compatible store can take its place by implementing
 * these three operations (see docs/decisions.md, §30); nothing else reads or writes the
 * bytes.
 */
public interface MediaStore {

	/**
	 * Starts writing an entry's file from its first byte, dropping whatever an earlier,
	 * interrupted attempt left. Blocking; not in a transaction, so that a slow download
	 * holds no transaction open.
	 */
	Writer open(long noteId);

	/**
	 * The bytes {@code first} to {@code last} (inclusive) of a stored file, read a piece
	 * at a time as the subscriber asks for them, so that serving a file never holds it
	 * whole.
	 */
	Flux<DataBuffer> read(long noteId, long first, long last);

	/** Appends a file's bytes in order. */
	interface Writer {

		void write(byte[] bytes, int offset, int length);

		/** Writes what is buffered; returns the file's size. */
		long finish();

	}

}
