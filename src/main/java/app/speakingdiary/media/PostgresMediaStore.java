package app.speakingdiary.media;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

import app.speakingdiary.system.BlockingJdbc;

/**
 * Files in PostgreSQL, {@value #CHUNK} bytes a row of {@code media_chunk} (every row but
 * the last is full), so that a range is read from the rows it covers and each row is read
 * only when the client is ready for it.
 */
@Repository
class PostgresMediaStore implements MediaStore {

	/**
	 * 256 KiB: large enough for few rows per file, small enough to hold a few at once.
	 */
	static final int CHUNK = 256 * 1024;

	/**
	 * What one read sends on: Reactor Netty asks a response body for 32 pieces ahead of
	 * what it has written, so a slow client holds 32 pieces of each response in memory
	 * (docs/benchmarks.md: 256 KiB pieces took 8 MB a response).
	 */
	static final int PIECE = 32 * 1024;

	private final JdbcClient jdbc;

	private final BlockingJdbc blocking;

	PostgresMediaStore(JdbcClient jdbc, BlockingJdbc blocking) {
		this.jdbc = jdbc;
		this.blocking = blocking;
	}

	@Override
	public Writer open(long noteId) {
		this.jdbc.sql("DELETE FROM media_chunk WHERE note_id = :noteId").param("noteId", noteId).update();
		return new ChunkWriter(noteId);
	}

	@Override
	public Flux<DataBuffer> read(long noteId, long first, long last) {
		if (first > last) {
			return Flux.empty();
		}
		long firstPiece = first / PIECE;
		long lastPiece = last / PIECE;
		// One piece at a time, each read when the subscriber asks for it: prefetch 0. A
		// piece lies within one row (CHUNK is a multiple of PIECE).
		return Flux.range(0, (int) (lastPiece - firstPiece + 1)).concatMap((index) -> {
			long pieceStart = (firstPiece + index) * PIECE;
			long from = Math.max(first, pieceStart);
			long to = Math.min(last, pieceStart + PIECE - 1);
			int seq = (int) (from / CHUNK);
			long rowStart = (long) seq * CHUNK;
			return this.blocking.call(() -> slice(noteId, seq, (int) (from - rowStart), (int) (to - from + 1)))
				.map(DefaultDataBufferFactory.sharedInstance::wrap);
		}, 0);
	}

	private byte[] slice(long noteId, int seq, int offset, int length) {
		// substring on bytea is 1-based; an EXTERNAL (uncompressed) value is sliced
		// without reading it whole.
		return this.jdbc.sql("""
				SELECT substring(bytes FROM :from FOR :length) FROM media_chunk
				WHERE note_id = :noteId AND seq = :seq""")
			.param("from", offset + 1)
			.param("length", length)
			.param("noteId", noteId)
			.param("seq", seq)
			.query(byte[].class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("media " + noteId + " lacks chunk " + seq));
	}

	private final class ChunkWriter implements Writer {

		private final long noteId;

		private final byte[] buffer = new byte[CHUNK];

		private int buffered;

		private int seq;

		private long size;

		ChunkWriter(long noteId) {
			this.noteId = noteId;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			int at = offset;
			int left = length;
			while (left > 0) {
				int n = Math.min(left, CHUNK - this.buffered);
				System.arraycopy(bytes, at, this.buffer, this.buffered, n);
				this.buffered += n;
				at += n;
				left -= n;
				if (this.buffered == CHUNK) {
					flush();
				}
			}
		}

		@Override
		public long finish() {
			if (this.buffered > 0) {
				flush();
			}
			return this.size;
		}

		private void flush() {
			byte[] bytes = (this.buffered == CHUNK) ? this.buffer : java.util.Arrays.copyOf(this.buffer, this.buffered);
			PostgresMediaStore.this.jdbc
				.sql("INSERT INTO media_chunk (note_id, seq, bytes) VALUES (:noteId, :seq, :bytes)")
				.param("noteId", this.noteId)
				.param("seq", this.seq++)
				.param("bytes", bytes)
				.update();
			this.size += this.buffered;
			this.buffered = 0;
		}

	}

}
