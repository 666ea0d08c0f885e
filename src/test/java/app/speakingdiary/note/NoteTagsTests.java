package app.speakingdiary.note;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a #tag. */
class NoteTagsTests {

	@Test
	void tagsAreUnicodeLettersDigitsAndUnderscoresLowerCased() {
		assertThat(NoteTags.of("Сегодня #Работа и #работа, потом #day_1 и #2026!")).containsExactly("работа", "day_1",
				"2026");
	}

	@Test
	void aHashInsideAWordOrAHeadingIsNoTag() {
		assertThat(NoteTags.of("C# и F#, ##заголовок, a#b, # пусто")).isEmpty();
	}

	@Test
	void tooLongTagsAreLeftOutAndANoteHasAtMostFifty() {
		assertThat(NoteTags.of("#" + "я".repeat(65) + " #" + "я".repeat(64))).containsExactly("я".repeat(64));
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 60; i++) {
			many.append(" #t").append(i);
		}
		assertThat(NoteTags.of(many.toString())).hasSize(50);
	}

}
