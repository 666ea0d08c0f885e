package app.speakingdiary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The layout the README's "Code layout" describes, held against the code. */
class ArchitectureTests {

	private static final Path SOURCES = Path.of("src/main/java/app/speakingdiary");

	/** Every table and the one package whose classes may name it in SQL. */
	private static final Map<String, String> OWNERS = Map.of("telegram_user", "user", "user_session", "session", "note",
			"notes", "note_usage", "notes", "rate_limit", "limits", "processed_update", "telegram", "bot_outbox",
			"telegram", "bot_outbox_chat", "telegram");

	@Test
	void featurePackagesDependOnEachOtherWithoutCycles() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("app.speakingdiary");

		slices().matching("app.speakingdiary.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void onlyItsOwnerWritesOrReadsATable() throws IOException {
		List<String> trespasses = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				String owner = SOURCES.relativize(file).getName(0).toString();
				OWNERS.forEach((table, owningPackage) -> {
					boolean named = Pattern.compile("(?i)\\b(INTO|UPDATE|FROM|JOIN)\\s+" + table + "\\b")
						.matcher(source)
						.find();
					if (named && !owner.equals(owningPackage)) {
						trespasses.add(SOURCES.relativize(file) + " uses " + table + ", owned by " + owningPackage);
					}
				});
			}
		}

		assertThat(trespasses).isEmpty();
	}

}
