package app.speakingdiary.auth;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import app.speakingdiary.auth.InitDataException.Reason;

/**
 * Reads initData's {@code user}, {@code receiver} and {@code chat} JSON values with
 * Jackson's streaming parser: strict JSON (Jackson's defaults refuse comments, single
 * quotes, unescaped control characters, leading zeros, NaN and trailing content), the
 * fields the service uses picked out as they pass, everything else skipped. A tree or a
 * data-bound record would build objects for fields nobody reads, on the hot path of every
 * API call.
 */
final class InitDataJson {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private InitDataJson() {
	}

	static InitData.User user(String json) {
		long id = 0;
		boolean hasId = false;
		boolean isBot = false;
		@Nullable Boolean isPremium = null;
		@Nullable String firstName = null;
		@Nullable String lastName = null;
		@Nullable String username = null;
		@Nullable String languageCode = null;
		@Nullable String photoUrl = null;
		try (JsonParser parser = object(json)) {
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken value = parser.nextToken();
				switch (name) {
					case "id" -> {
						hasId = isLong(parser, value);
						id = hasId ? parser.getLongValue() : 0;
					}
					case "is_bot" -> isBot = value == JsonToken.VALUE_TRUE;
					case "is_premium" -> isPremium = (value == JsonToken.VALUE_TRUE) ? Boolean.TRUE
							: (value == JsonToken.VALUE_FALSE) ? Boolean.FALSE : null;
					case "first_name" -> firstName = text(parser, value);
					case "last_name" -> lastName = text(parser, value);
					case "username" -> username = text(parser, value);
					case "language_code" -> languageCode = text(parser, value);
					case "photo_url" -> photoUrl = text(parser, value);
					default -> parser.skipChildren();
				}
			}
			end(parser);
		}
		catch (JacksonException ex) {
			throw malformed();
		}
		if (!hasId) {
			throw new InitDataException(Reason.USER_INVALID, "initData's user has no integer id");
		}
		return new InitData.User(id, isBot, firstName, lastName, username, languageCode, isPremium, photoUrl);
	}

	static InitData.Chat chat(String json) {
		long id = 0;
		boolean hasId = false;
		@Nullable String type = null;
		@Nullable String title = null;
		@Nullable String username = null;
		@Nullable String photoUrl = null;
		try (JsonParser parser = object(json)) {
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken value = parser.nextToken();
				switch (name) {
					case "id" -> {
						hasId = isLong(parser, value);
						id = hasId ? parser.getLongValue() : 0;
					}
					case "type" -> type = text(parser, value);
					case "title" -> title = text(parser, value);
					case "username" -> username = text(parser, value);
					case "photo_url" -> photoUrl = text(parser, value);
					default -> parser.skipChildren();
				}
			}
			end(parser);
		}
		catch (JacksonException ex) {
			throw malformed();
		}
		if (!hasId) {
			throw new InitDataException(Reason.USER_INVALID, "initData's chat has no integer id");
		}
		return new InitData.Chat(id, type, title, username, photoUrl);
	}

	private static JsonParser object(String json) {
		JsonParser parser = JSON.createParser(json);
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			parser.close();
			throw new InitDataException(Reason.USER_INVALID, "initData's user is not a JSON object");
		}
		return parser;
	}

	/** After the object's end: nothing but white space may follow. */
	private static void end(JsonParser parser) {
		if (parser.nextToken() != null) {
			throw malformed();
		}
	}

	private static boolean isLong(JsonParser parser, JsonToken value) {
		return value == JsonToken.VALUE_NUMBER_INT && (parser.getNumberType() == JsonParser.NumberType.INT
				|| parser.getNumberType() == JsonParser.NumberType.LONG);
	}

	private static @Nullable String text(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		parser.skipChildren();
		return null;
	}

	private static InitDataException malformed() {
		return new InitDataException(Reason.USER_INVALID, "initData holds malformed JSON");
	}

}
