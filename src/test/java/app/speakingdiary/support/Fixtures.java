package app.speakingdiary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;

/**
 * Test fixtures copied from ../shared/telegram (real Telegram payloads), read as they
 * are.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static String update(String name) {
		return read("telegram/updates/" + name + ".json");
	}

	public static String read(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
