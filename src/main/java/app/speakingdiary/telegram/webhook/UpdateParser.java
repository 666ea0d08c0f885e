package app.speakingdiary.telegram.webhook;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a webhook body into an {@link Update}, refusing what is not a JSON object with an
 * update_id.
 */
@Component
class UpdateParser {

	private final JsonMapper json;

	UpdateParser(JsonMapper json) {
		this.json = json;
	}

	Update parse(byte[] body) {
		if (body == null || body.length == 0) {
			throw new MalformedUpdateException("The body is empty; Telegram sends one Update as a JSON object.");
		}
		JsonNode tree;
		try {
			tree = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedUpdateException("The body is not valid JSON.");
		}
		if (tree == null || !tree.isObject()) {
			throw new MalformedUpdateException("The body must be a JSON object (one Telegram Update).");
		}
		JsonNode id = tree.get("update_id");
		if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
			throw new MalformedUpdateException("The update has no integer update_id.");
		}
		try {
			return this.json.treeToValue(tree, Update.class);
		}
		catch (JacksonException ex) {
			throw new MalformedUpdateException("A field of the update has the wrong type.");
		}
	}

	static class MalformedUpdateException extends ResponseStatusException {

		MalformedUpdateException(String message) {
			super(HttpStatus.BAD_REQUEST, message);
		}

	}

}
