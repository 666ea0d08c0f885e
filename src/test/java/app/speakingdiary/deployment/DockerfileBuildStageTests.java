package app.speakingdiary.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Dockerfile's build stage without a Docker engine: its COPY lines bring exactly
 * the files they name into an empty folder, and its RUN lines run there, as they would in
 * the image. A build step that needs a file the Dockerfile does not copy fails here, as
 * it would in {@code docker compose up --build}.
 */
class DockerfileBuildStageTests {

	@Test
	void buildsTheApplicationLayersFromExactlyTheFilesTheBuildStageCopies(@TempDir Path work)
			throws IOException, InterruptedException {
		List<String> stage = buildStage(Files.readAllLines(Path.of("Dockerfile")));
		assertThat(stage).as("the build stage's instructions").isNotEmpty();
		Path layers = work.resolve("layers");
		Path source = Files.createDirectories(work.resolve("src"));

		for (String instruction : stage) {
			if (instruction.startsWith("COPY ")) {
				copy(instruction.substring(5).strip(), source);
			}
			else if (instruction.startsWith("RUN ")) {
				String command = instruction.substring(4)
					.replaceAll("--mount=\\S+\\s+", "")
					.replace("/layers", layers.toString());
				Process process = new ProcessBuilder("bash", "-c", command).directory(source.toFile())
					.redirectErrorStream(true)
					.redirectOutput(work.resolve("run.log").toFile())
					.start();
				assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("RUN %s finishes", command).isTrue();
				assertThat(process.exitValue()).as("RUN %s%n%s", command, Files.readString(work.resolve("run.log")))
					.isZero();
			}
		}

		assertThat(layers.resolve("application")).isDirectory();
		assertThat(layers.resolve("dependencies")).isDirectory();
	}

	/**
	 * From the first FROM to the next, continuation lines joined, comments and WORKDIR
	 * left out.
	 */
	private static List<String> buildStage(List<String> lines) {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int froms = 0;
		for (String line : lines) {
			String text = line.strip();
			if (text.startsWith("#") || (text.isEmpty() && current.isEmpty())) {
				continue;
			}
			current.append(text.endsWith("\\") ? text.substring(0, text.length() - 1) : text).append(' ');
			if (text.endsWith("\\")) {
				continue;
			}
			String instruction = current.toString().strip();
			current.setLength(0);
			if (instruction.startsWith("FROM ") && ++froms > 1) {
				break;
			}
			if (froms == 1 && (instruction.startsWith("COPY ") || instruction.startsWith("RUN "))) {
				instructions.add(instruction);
			}
		}
		return instructions;
	}

	/**
	 * {@code COPY a b dest}: each source from the checkout to dest under the stage's
	 * working folder.
	 */
	private static void copy(String arguments, Path workdir) throws IOException {
		List<String> words = List.of(arguments.split("\\s+"));
		Path destination = workdir.resolve(words.get(words.size() - 1));
		List<String> sources = words.subList(0, words.size() - 1);
		for (String name : sources) {
			Path from = Path.of(name);
			boolean intoFolder = sources.size() > 1 || words.get(words.size() - 1).endsWith("/");
			Path to = (intoFolder && !Files.isDirectory(from)) ? destination.resolve(from.getFileName().toString())
					: destination;
			copyTree(from, to);
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
	}

}
