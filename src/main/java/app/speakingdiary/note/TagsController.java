package app.speakingdiary.note;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import app.speakingdiary.auth.Caller;

/** The caller's #tags with how many notes have each, most used first. */
@RestController
class TagsController {

	private final NoteTags tags;

	TagsController(NoteTags tags) {
		this.tags = tags;
	}

	@GetMapping(path = "/api/telegram/tags", produces = MediaType.APPLICATION_JSON_VALUE)
	NotesController.Tags tags(Caller caller) {
		return new NotesController.Tags(this.tags.counts(caller.userId()));
	}

}
