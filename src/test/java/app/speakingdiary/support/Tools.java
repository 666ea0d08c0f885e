package app.speakingdiary.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The external programs some tests run for real (installed by bin/install-test-tools.sh).
 */
public final class Tools {

	private Tools() {
	}

	public record Result(int exitCode, String output) {
	}

	/**
	 * Skips the test where the program is missing, except in CI, where a missing tool is
	 * a failure.
	 */
	public static void require(String program) {
		boolean present = which(program) != null;
		if (!present && System.getenv("CI") != null) {
			fail(program + " is not installed; bin/install-test-tools.sh should have installed it");
		}
		Assumptions.assumeTrue(present, program + " is not installed (bin/install-test-tools.sh installs it)");
	}

	/** Where the program is on the PATH, or null. */
	public static String which(String program) {
		return List.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.stream()
			.map((dir) -> Path.of(dir, program))
			.filter((file) -> file.toFile().canExecute())
			.map(Path::toString)
			.findFirst()
			.orElse(null);
	}

	public static Result run(Path directory, Map<String, String> environment, String... command) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true);
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(String.join(" ", command) + " did not finish in 60 s");
			}
			return new Result(process.exitValue(),
					new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
