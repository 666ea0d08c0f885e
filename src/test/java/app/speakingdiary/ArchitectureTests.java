package app.speakingdiary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import app.speakingdiary.auth.Caller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The layout the README's "Code layout" describes, held against the code. */
class ArchitectureTests {

	private static final Path SOURCES = Path.of("src/main/java/app/speakingdiary");

	/** Every table and the one package whose classes may name it in SQL. */
	private static final Map<String, String> OWNERS = Map.ofEntries(Map.entry("telegram_user", "user"),
			Map.entry("user_session", "session"), Map.entry("note", "note"), Map.entry("note_usage", "note"),
			Map.entry("rate_limit", "limits"), Map.entry("processed_update", "telegram/webhook"),
			Map.entry("bot_outbox", "telegram/outbox"), Map.entry("bot_outbox_chat", "telegram/outbox"),
			Map.entry("media", "media"), Map.entry("media_chunk", "media"), Map.entry("idempotency_key", "note"),
			Map.entry("note_tag", "note"),
			// db-scheduler's own table: only the library reads and writes it.
			Map.entry("scheduled_tasks", "system"));

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("app.speakingdiary");

	@Test
	void featurePackagesDependOnEachOtherWithoutCycles() {
		slices().matching("app.speakingdiary.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void subPackagesDependOnEachOtherWithoutCycles() {
		slices().matching("app.speakingdiary.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void systemAndConfigurationDependOnNoFeature() {
		noClasses().that()
			.resideInAnyPackage("app.speakingdiary.system..", "app.speakingdiary.config..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("app.speakingdiary.auth..", "app.speakingdiary.user..", "app.speakingdiary.session..",
					"app.speakingdiary.note..", "app.speakingdiary.limits..", "app.speakingdiary.telegram..",
					"app.speakingdiary.legacy..")
			.check(CLASSES);
	}

	/**
	 * A handler that names its caller runs on a JDBC thread only when it returns a plain
	 * value (BlockingHandlers); a Mono would run it on the event loop.
	 */
	@Test
	void handlersOfAuthenticatedCallsReturnPlainValues() {
		methods().that()
			.areAnnotatedWith(GetMapping.class)
			.or()
			.areAnnotatedWith(PostMapping.class)
			.or()
			.areAnnotatedWith(PatchMapping.class)
			.or()
			.areAnnotatedWith(PutMapping.class)
			.or()
			.areAnnotatedWith(DeleteMapping.class)
			.and(new DescribedPredicate<JavaMethod>("take a Caller") {
				@Override
				public boolean test(JavaMethod method) {
					return method.getRawParameterTypes().stream().anyMatch((type) -> type.isEquivalentTo(Caller.class));
				}
			})
			.should()
			.notHaveRawReturnType(Mono.class)
			.andShould()
			.notHaveRawReturnType(Flux.class)
			.check(CLASSES);
	}

	@Test
	void onlyItsOwnerWritesOrReadsATable() throws IOException {
		List<String> trespasses = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				String folder = SOURCES.relativize(file.getParent()).toString().replace('\\', '/');
				OWNERS.forEach((table, owningPackage) -> {
					boolean named = Pattern
						.compile("(?i)(\\b(INTO|UPDATE|FROM|JOIN)\\s+" + table + "\\b)|(@Table\\(\"" + table + "\"\\))")
						.matcher(source)
						.find();
					if (named && !(folder.equals(owningPackage) || folder.startsWith(owningPackage + "/"))) {
						trespasses.add(SOURCES.relativize(file) + " uses " + table + ", owned by " + owningPackage);
					}
				});
			}
		}

		assertThat(trespasses).isEmpty();
	}

}
