package app.speakingdiary;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import app.speakingdiary.telegram.WebhookCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SpeakingDiaryApplication {

	public static void main(String[] args) {
		// Operator commands share the jar and the environment: java -jar app.jar webhook set|info
		if (args.length > 0 && "webhook".equals(args[0])) {
			System.exit(WebhookCommand.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(SpeakingDiaryApplication.class, args);
	}

}
