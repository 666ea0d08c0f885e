package app.speakingdiary;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import app.speakingdiary.legacy.LegacyImportCommand;
import app.speakingdiary.telegram.setup.WebhookCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SpeakingDiaryApplication {

	public static void main(String[] args) {
		// Operator commands share the jar and the environment: webhook set|info,
		// import-legacy FILE
		if (args.length > 0 && "webhook".equals(args[0])) {
			System.exit(WebhookCommand.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && "import-legacy".equals(args[0])) {
			System.exit(
					LegacyImportCommand.run(SpeakingDiaryApplication.class, Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(SpeakingDiaryApplication.class, args);
	}

}
