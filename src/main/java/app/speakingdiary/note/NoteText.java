package app.speakingdiary.note;

import app.speakingdiary.system.InvalidRequestException;

/**
 * The rules a note's text must meet. Text is stored exactly as sent (emoji, right-to-left
 * text, combining marks, newlines); only what PostgreSQL cannot store or the product does
 * not allow is refused. Length counts Unicode code points, as the Mini App's counter
 * does.
 */
final class NoteText {

	private NoteText() {
	}

	static String check(String text, int maxLength) {
		if (text == null) {
			throw new InvalidRequestException("The note needs a \"text\" string.");
		}
		if (text.strip().isEmpty()) {
			throw new InvalidRequestException("The note's text is empty.");
		}
		return checkCaption(text, maxLength);
	}

	/**
	 * The rules for the text of an entry that has a file (its caption), which may be
	 * empty.
	 */
	static String checkCaption(String text, int maxLength) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				throw new InvalidRequestException("The note's text contains a NUL character, which cannot be stored.");
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new InvalidRequestException("The note's text contains an unpaired UTF-16 surrogate.");
			}
		}
		int length = text.codePointCount(0, text.length());
		if (length > maxLength) {
			throw new InvalidRequestException(
					"The note is " + length + " characters long; at most " + maxLength + " are allowed.");
		}
		return text;
	}

}
