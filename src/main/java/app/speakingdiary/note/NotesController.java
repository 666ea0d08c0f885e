package app.speakingdiary.note;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import app.speakingdiary.media.MediaView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import app.speakingdiary.auth.Caller;
import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.system.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/** The caller's own notes: write, list newest first a page at a time, delete. */
@RestController
@RequestMapping(path = "/api/telegram/notes", produces = MediaType.APPLICATION_JSON_VALUE)
class NotesController {

	static final int DEFAULT_PAGE = 50;

	static final int MAX_PAGE = 200;

	private final Notes notes;

	private final NotePages pages;

	private final int maxLength;

	NotesController(Notes notes, NotePages pages, DiaryProperties properties) {
		this.notes = notes;
		this.pages = pages;
		this.maxLength = properties.notes().maxLength();
	}

	/**
	 * A note as the API shows it; {@code timestamp} is when it was written, in UTC.
	 * {@code source} is {@code app} or {@code chat}; {@code media} is the file of a
	 * voice, audio, video note or photo entry, {@code transcript} a recording's
	 * transcript (null when none was asked for).
	 */
	record NoteBody(long id, String text, Instant timestamp, String source, String kind,
			@Nullable Forwarded forwardedFrom, @Nullable MediaView media, @Nullable Transcript transcript) {

		static NoteBody of(Note note) {
			return new NoteBody(note.savedId(), note.text(), note.createdAt(), "app", "text", null, null, null);
		}

		NoteBody withMedia(@Nullable MediaView file) {
			return new NoteBody(this.id, this.text, this.timestamp, this.source, this.kind, this.forwardedFrom, file,
					this.transcript);
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

	record NotesPage(long userId, List<NoteBody> notes, @Nullable Long nextBefore, @Nullable String next) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, NoteBody>> create(Caller caller, @RequestBody JsonNode body) {
		NoteBody note = NoteBody.of(this.notes.create(caller.userId(), text(body)));
		return ResponseEntity.created(URI.create("/api/telegram/notes/" + note.id())).body(Map.of("note", note));
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

	@GetMapping
	NotesPage list(Caller caller, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String before) {
		int size = (limit == null) ? DEFAULT_PAGE : parseLimit(limit);
		Long cursor = (before == null) ? null : parseId(before, "before");
		List<NoteBody> found = this.pages.page(caller.userId(), cursor, size + 1);
		boolean more = found.size() > size;
		List<NoteBody> page = more ? found.subList(0, size) : found;
		Long nextBefore = more ? page.get(page.size() - 1).id() : null;
		String next = more ? "/api/telegram/notes?limit=" + size + "&before=" + nextBefore : null;
		return new NotesPage(caller.userId(), page, nextBefore, next);
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
