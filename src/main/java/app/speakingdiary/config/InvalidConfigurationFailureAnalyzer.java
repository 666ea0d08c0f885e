package app.speakingdiary.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad setting into one readable line instead of Spring's binding report, which
 * would print the rejected value (the bot token or the webhook secret among them).
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis("Invalid configuration: " + cause.getMessage(),
				"Set " + cause.variable() + " in the environment or in .env (see .env.example and README.md).", cause);
	}

}
