package app.speakingdiary.note;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import app.speakingdiary.media.MediaView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import app.speakingdiary.auth.Caller;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.system.InvalidRequestException;
import app.speakingdiary.user.TimeZones;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The caller's own notes: write, list newest first a page at a time, delete. */
@RestController
@RequestMapping(path = "/api/telegram/notes", produces = MediaType.APPLICATION_JSON_VALUE)
class NotesController {

	static final int DEFAULT_PAGE = 50;

	static final int MAX_PAGE = 200;

	private final Notes notes;

	private final NotePages pages;

	private final int maxLength;

	private final JsonMapper json;

	private final NoteSearch search;

	private final TimeZones timeZones;

	NotesController(Notes notes, NotePages pages, NoteSearch search, JsonMapper json, TimeZones timeZones,
			DiaryProperties properties) {
		this.timeZones = timeZones;
		this.search = search;
		this.json = json;
		this.notes = notes;
		this.pages = pages;
		this.maxLength = properties.notes().maxLength();
	}

	/**
	 * A note as the API shows it, times in UTC: {@code date} is the moment it is about,
	 * {@code created_at} when it was written and {@code updated_at} when last changed
	 * (null if never); {@code timestamp} is {@code created_at} under its older name.
	 * {@code source} is {@code app} or {@code chat}; {@code media} is the file of a
	 * voice, audio, video note or photo entry, {@code transcript} a recording's
	 * transcript (null when none was asked for).
	 */
	record NoteBody(long id, long version, String text, List<String> tags, Instant date, Instant createdAt,
			@Nullable Instant updatedAt, Instant timestamp, String source, String kind,
			@Nullable Forwarded forwardedFrom, @Nullable MediaView media, @Nullable Transcript transcript,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<NoteSearch.Segment> snippet) {

		static NoteBody of(Note note) {
			return new NoteBody(note.savedId(), 1, note.text(), NoteTags.of(note.text()), note.date(), note.createdAt(),
					null, note.createdAt(), "app", "text", null, null, null, null);
		}

		NoteBody withMedia(@Nullable MediaView file) {
			return new NoteBody(this.id, this.version, this.text, this.tags, this.date, this.createdAt, this.updatedAt,
					this.timestamp, this.source, this.kind, this.forwardedFrom, file, this.transcript, this.snippet);
		}

		/** A search hit: where the words were found, matches marked. */
		NoteBody withSnippet(List<NoteSearch.Segment> segments) {
			return new NoteBody(this.id, this.version, this.text, this.tags, this.date, this.createdAt, this.updatedAt,
					this.timestamp, this.source, this.kind, this.forwardedFrom, this.media, this.transcript, segments);
		}

		/** The note's entity tag: its version, as a strong validator. */
		String etag() {
			return "\"" + this.version + "\"";
		}

	}

	/**
	 * {@code status}: {@code pending}, {@code done} (with {@code text}) or
	 * {@code failed}.
	 */
	record Transcript(String status, @Nullable String text) {
	}

	/** Where a forwarded chat message came from, and when it was first sent. */
	record Forwarded(String name, Instant date) {
	}

	/**
	 * {@code next_cursor}: pass it as {@code cursor} for the next page ({@code next} is
	 * that request); null on the last page.
	 */
	record NotesPage(long userId, List<NoteBody> notes, @Nullable String nextCursor, @Nullable String next) {
	}

	/** A tag and how many of the user's notes have it. */
	record TagCount(String tag, long notes) {
	}

	record Tags(List<TagCount> tags) {
	}

	/**
	 * With {@code Idempotency-Key}, a retry (same key, same text) gets the first answer,
	 * marked {@code Idempotent-Replayed: true}, and makes no second note.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> create(Caller caller, @RequestBody JsonNode body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		String key = (idempotencyKey == null) ? null : IdempotencyKeys.checkKey(idempotencyKey.strip());
		Notes.Created created = this.notes.create(caller.userId(), text(body), body.get("date"), key);
		if (created instanceof Notes.Created.Replayed replayed) {
			long noteId = this.json.readTree(replayed.first().body()).at("/note/id").asLong();
			return ResponseEntity.status(replayed.first().status())
				.location(URI.create("/api/telegram/notes/" + noteId))
				.header("Idempotent-Replayed", "true")
				.contentType(MediaType.APPLICATION_JSON)
				.body(replayed.first().body());
		}
		NoteBody note = ((Notes.Created.Fresh) created).note();
		return ResponseEntity.created(URI.create("/api/telegram/notes/" + note.id()))
			.eTag(note.etag())
			.body(Map.of("note", note));
	}

	private String text(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidRequestException("The body must be a JSON object such as {\"text\": \"…\"}.");
		}
		JsonNode text = body.get("text");
		if (text == null || !text.isString()) {
			throw new InvalidRequestException("The note needs a \"text\" string.");
		}
		return NoteText.check(text.asString(), this.maxLength);
	}

	/**
	 * Newest first by date, a page of at most {@code limit}, after {@code cursor}.
	 * {@code tag}: only the notes with this #tag (with or without its {@code #}).
	 * {@code day}: only the notes of this day ({@code YYYY-MM-DD}) in the user's time
	 * zone. {@code q}: the best matches of a search instead, best first, each with its
	 * {@code snippet}.
	 */
	@GetMapping
	NotesPage list(Caller caller, @RequestParam(required = false) String limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String before,
			@RequestParam(required = false) @Nullable String tag, @RequestParam(required = false) @Nullable String day,
			@RequestParam(required = false) @Nullable String q) {
		if (before != null) {
			throw new InvalidRequestException(
					"before was replaced by cursor: pass a page's next_cursor, or follow its next link.");
		}
		int size = (limit == null) ? DEFAULT_PAGE : parseLimit(limit);
		if (q != null) {
			if (tag != null || cursor != null || day != null) {
				throw new InvalidRequestException("q cannot be combined with tag, day or cursor.");
			}
			return new NotesPage(caller.userId(), this.search.search(caller.userId(), q, size), null, null);
		}
		NoteCursor after = (cursor == null) ? NoteCursor.first() : NoteCursor.parse(cursor);
		Instant from = EntryDate.EARLIEST;
		if (day != null) {
			java.time.ZoneId zone = this.timeZones.of(caller.userId()).zone();
			LocalDate date = parseDay(day);
			from = date.atStartOfDay(zone).toInstant();
			// The next day's first moment itself is the next day's: id 0 is before any
			// note.
			NoteCursor dayEnd = new NoteCursor(date.plusDays(1).atStartOfDay(zone).toInstant(), 0);
			after = (cursor == null || compare(dayEnd, after) < 0) ? dayEnd : after;
		}
		String wanted = (tag == null) ? null : parseTag(tag);
		List<NoteBody> found = (wanted == null) ? this.pages.page(caller.userId(), after, from, size + 1)
				: this.pages.tagged(caller.userId(), wanted, after, from, size + 1);
		boolean more = found.size() > size;
		List<NoteBody> page = more ? found.subList(0, size) : found;
		String nextCursor = more ? NoteCursor.after(page.get(page.size() - 1)).encode() : null;
		String next = more ? "/api/telegram/notes?limit=" + size + "&cursor=" + nextCursor
				+ ((wanted != null)
						? "&tag=" + java.net.URLEncoder.encode(wanted, java.nio.charset.StandardCharsets.UTF_8) : "")
				+ ((day != null) ? "&day=" + day.strip() : "") : null;
		return new NotesPage(caller.userId(), page, nextCursor, next);
	}

	private static int compare(NoteCursor a, NoteCursor b) {
		int byDate = a.date().compareTo(b.date());
		return (byDate != 0) ? byDate : Long.compare(a.id(), b.id());
	}

	private static LocalDate parseDay(String day) {
		try {
			LocalDate date = LocalDate.parse(day.strip());
			if (date.getYear() >= 1900 && date.getYear() <= 9998) {
				return date;
			}
		}
		catch (java.time.format.DateTimeParseException ex) {
			// answered below
		}
		throw new InvalidRequestException("day must be a date from 1900 on, such as 2026-11-30.");
	}

	private static String parseTag(String tag) {
		String bare = tag.strip().startsWith("#") ? tag.strip().substring(1) : tag.strip();
		List<String> parsed = NoteTags.of("#" + bare);
		if (parsed.size() != 1 || !parsed.get(0).equals(bare.toLowerCase(java.util.Locale.ROOT))) {
			throw new InvalidRequestException(
					"tag must be one #tag: letters, digits and _, at most " + NoteTags.MAX_LENGTH + " characters.");
		}
		return parsed.get(0);
	}

	/**
	 * Changes a note's {@code text}, its {@code date}, or both; {@code If-Match} must
	 * name the version it was made from ({@code "3"}, as the note's {@code version} and
	 * {@code ETag} give it, or {@code *}). A note changed since (on another device, or
	 * edited in Telegram) is a 412 with the note as it is now, so that nothing is
	 * overwritten unseen.
	 */
	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, NoteBody>> edit(Caller caller, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody JsonNode body) {
		long noteId = parseId(id, "id");
		IfMatch condition = IfMatch.parse(ifMatch);
		if (body == null || !body.isObject() || !(body.has("text") || body.has("date"))
				|| (body.has("text") && !body.get("text").isString())) {
			throw new InvalidRequestException(
					"The body must be a JSON object with a \"text\" string, a \"date\", or both.");
		}
		Notes.Edit result = condition.matchesNothing() ? this.notes
			.current(caller.userId(), noteId).<Notes.Edit>map(Notes.Edit.Stale::new).orElseGet(Notes.Edit.Missing::new)
				: this.notes.edit(caller.userId(), noteId, condition.version(),
						body.has("text") ? body.get("text").asString() : null, body.get("date"));
		if (result instanceof Notes.Edit.Changed changed) {
			return ResponseEntity.ok().eTag(changed.note().etag()).body(Map.of("note", changed.note()));
		}
		if (result instanceof Notes.Edit.Stale stale) {
			throw new NoteChangedException(stale.current());
		}
		throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no note " + noteId + ".");
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
		long noteId = parseId(id, "id");
		if (!this.notes.delete(caller.userId(), noteId)) {
			// The same answer whether the note never existed or is someone else's.
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no note " + noteId + ".");
		}
		return ResponseEntity.noContent().build();
	}

	private static int parseLimit(String limit) {
		try {
			int value = Integer.parseInt(limit.strip());
			if (value >= 1 && value <= MAX_PAGE) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidRequestException("limit must be a whole number from 1 to " + MAX_PAGE + ".");
	}

	private static long parseId(String id, String name) {
		try {
			long value = Long.parseLong(id.strip());
			if (value > 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidRequestException(name + " must be a note id: a positive whole number.");
	}

}
