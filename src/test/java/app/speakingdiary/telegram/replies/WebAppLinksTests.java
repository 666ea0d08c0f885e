package app.speakingdiary.telegram.replies;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.speakingdiary.support.TestProperties;

import static org.assertj.core.api.Assertions.assertThat;

class WebAppLinksTests {

	// 2026-11-26 is day 20783 since 1970-01-01.
	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "https://diary.example.org/|https://diary.example.org/?session=TOKEN&v=20783",
			"https://diary.example.org|https://diary.example.org?session=TOKEN&v=20783",
			"https://diary.example.org/app/?lang=ru|https://diary.example.org/app/?lang=ru&session=TOKEN&v=20783",
			"https://diary.example.org/?a=1&|https://diary.example.org/?a=1&session=TOKEN&v=20783",
			"https://diary.example.org/#/notes|https://diary.example.org/?session=TOKEN&v=20783#/notes",
			"https://diary.example.org/?x=%20y#top|https://diary.example.org/?x=%20y&session=TOKEN&v=20783#top" })
	void addsSessionAndVersionKeepingQueryAndFragment(String configured, String expected) {
		assertThat(links(configured, null).withSession("TOKEN", null)).isEqualTo(expected);
	}

	@Test
	void usesTheConfiguredVersionEncoded() {
		assertThat(links("https://diary.example.org/", "1.2 beta+&x").withSession("T", null))
			.isEqualTo("https://diary.example.org/?session=T&v=1.2%20beta%2B%26x");
	}

	@Test
	void passesTheStartPayloadOn() {
		assertThat(links("https://diary.example.org/", "7").withSession("T", "ref-42"))
			.isEqualTo("https://diary.example.org/?session=T&v=7&start=ref-42");
	}

	@Test
	void leavesTheSessionOutOfTheMenuButtonLink() {
		assertThat(links("https://diary.example.org/#x", null).withoutSession())
			.isEqualTo("https://diary.example.org/?v=20783#x");
	}

	private static WebAppLinks links(String url, String version) {
		return new WebAppLinks(TestProperties.bind("webapp.url", url, "webapp.version", version), CLOCK);
	}

}
