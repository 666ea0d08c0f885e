package app.speakingdiary.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationFailureAnalyzerTests {

	@Test
	void reportsABadTokenInOneLineWithoutItsValue(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(PropertiesOnly.class).web(WebApplicationType.NONE)
				.run("--diary.telegram.bot-token=12345:has spaces and Secret-Marker",
						"--diary.webapp.url=https://diary.example.org/"));

		assertThat(output).contains("Invalid configuration: TELEGRAM_BOT_TOKEN is not a bot token")
			.contains("Set TELEGRAM_BOT_TOKEN in the environment")
			.doesNotContain("Secret-Marker");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DiaryProperties.class)
	static class PropertiesOnly {

	}

}
