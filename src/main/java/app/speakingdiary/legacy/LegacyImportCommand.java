package app.speakingdiary.legacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import app.speakingdiary.system.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar app.jar import-legacy FILE [--dry-run]}: imports
 * backend/data/telegram_sessions.json into the configured database (migrating it first),
 * without starting the web server or the bot's sender.
 */
public final class LegacyImportCommand {

	private LegacyImportCommand() {
	}

	public static int run(Class<?> application, String... args) {
		List<String> options = Arrays.asList(args);
		List<String> files = options.stream().filter((arg) -> !arg.startsWith("--")).toList();
		if (files.size() != 1) {
			System.out.println("Usage: java -jar app.jar import-legacy FILE [--dry-run]");
			return 2;
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--diary.outbox.enabled=false", "--logging.level.root=WARN")) {
			JsonMapper json = context.getBean(JsonMapper.class);
			LegacyImport.Summary summary = context.getBean(LegacyImport.class)
				.run(json.readTree(Files.readAllBytes(Path.of(files.get(0)))), options.contains("--dry-run"),
						System.out);
			return (summary.badUsers() + summary.badNotes() > 0) ? 3 : 0;
		}
		catch (IOException ex) {
			System.out.println("Cannot read " + files.get(0) + ": " + ex.getMessage());
			return 1;
		}
		catch (JacksonException ex) {
			System.out.println("Not a telegram_sessions.json file: " + ex.getOriginalMessage());
			return 1;
		}
		catch (InvalidRequestException ex) {
			System.out.println("Not a telegram_sessions.json file: " + ex.detail());
			return 1;
		}
	}

}
