package app.speakingdiary.media;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import app.speakingdiary.system.BlockingJdbc;

/**
 * Serves an entry's file to whoever holds a valid signed link ({@link MediaLinks}): the
 * whole file, or one byte range (206) so that players can seek. Anything else (another
 * user's entry, an expired or altered link, a file not stored) is the same 404, so a link
 * tells nothing about entries it does not open.
 */
@RestController
class MediaController {

	/** What a file may be served as; anything else goes out as opaque bytes. */
	private static final Set<String> SERVABLE = Set.of("audio/ogg", "audio/opus", "audio/mpeg", "audio/mp4",
			"audio/x-m4a", "audio/aac", "audio/wav", "audio/x-wav", "audio/flac", "audio/webm", "video/mp4",
			"video/webm", "image/jpeg", "image/png", "image/webp", "image/gif");

	private final MediaLibrary library;

	private final MediaStore store;

	private final MediaLinks links;

	private final BlockingJdbc blocking;

	MediaController(MediaLibrary library, MediaStore store, MediaLinks links, BlockingJdbc blocking) {
		this.library = library;
		this.store = store;
		this.links = links;
		this.blocking = blocking;
	}

	@GetMapping(MediaLinks.PATH + "{id}")
	Mono<ResponseEntity<Flux<DataBuffer>>> serve(@PathVariable("id") String noteId,
			@RequestParam(required = false) @Nullable String user,
			@RequestParam(required = false) @Nullable String expires,
			@RequestParam(required = false) @Nullable String signature,
			@RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range,
			ServerHttpRequest request) {
		boolean head = request.getMethod() == HttpMethod.HEAD;
		Long id = number(noteId);
		Long userId = number(user);
		Long expiry = number(expires);
		// Checked in memory: a forged or stale link never reaches the database.
		if (id == null || userId == null || expiry == null || !this.links.verify(userId, id, expiry, signature)) {
			return Mono.error(notFound());
		}
		return this.blocking.call(() -> this.library.stored(userId, id))
			.flatMap((found) -> found.map(Mono::just).orElseGet(() -> Mono.error(notFound())))
			.map((file) -> respond(file, range, this.links.secondsLeft(expiry)))
			// A HEAD answer's body would be read and thrown away: never read it.
			.map((response) -> head
					? new ResponseEntity<>(Flux.<DataBuffer>empty(), response.getHeaders(), response.getStatusCode())
					: response);
	}

	private ResponseEntity<Flux<DataBuffer>> respond(MediaLibrary.StoredFile file, @Nullable String rangeHeader,
			long cacheSeconds) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(servableType(file.mimeType()));
		headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
		headers.set("X-Content-Type-Options", "nosniff");
		// Nothing served here is a page: even a mislabelled file cannot run script.
		headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
		headers.setContentDisposition(ContentDisposition.inline().filename(file.fileName()).build());
		headers.setCacheControl(CacheControl.maxAge(java.time.Duration.ofSeconds(cacheSeconds)).cachePrivate());
		long size = file.size();
		HttpRange range = single(rangeHeader);
		if (range == null) {
			headers.setContentLength(size);
			return new ResponseEntity<>(this.store.read(file.noteId(), 0, size - 1), headers, HttpStatus.OK);
		}
		long first;
		long last;
		try {
			first = range.getRangeStart(size);
			last = range.getRangeEnd(size);
		}
		catch (IllegalArgumentException ex) {
			first = size;
			last = size - 1;
		}
		if (size == 0 || first >= size || first > last) {
			headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
			return new ResponseEntity<>(Flux.empty(), headers, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
		}
		headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
		headers.setContentLength(last - first + 1);
		return new ResponseEntity<>(this.store.read(file.noteId(), first, last), headers, HttpStatus.PARTIAL_CONTENT);
	}

	/**
	 * One byte range, or null for the whole file: a malformed header or several ranges
	 * are answered with the whole file, as RFC 9110 allows.
	 */
	private static @Nullable HttpRange single(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			List<HttpRange> ranges = HttpRange.parseRanges(header);
			return (ranges.size() == 1) ? ranges.get(0) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static MediaType servableType(String mimeType) {
		return SERVABLE.contains(mimeType) ? MediaType.parseMediaType(mimeType) : MediaType.APPLICATION_OCTET_STREAM;
	}

	private static @Nullable Long number(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > 19
				|| !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return null;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			// 19 digits past Long.MAX_VALUE.
			return null;
		}
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "This media link is unknown or has expired.");
	}

}
