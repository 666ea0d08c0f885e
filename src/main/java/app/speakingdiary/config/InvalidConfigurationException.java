package app.speakingdiary.config;

/**
 * A configuration value that stops startup. The message names the environment variable
 * and what is wrong with it, and never contains the value itself: several of these values
 * are secrets.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

	private final String variable;

	public InvalidConfigurationException(String variable, String problem) {
		super(variable + " " + problem);
		this.variable = variable;
	}

	public String variable() {
		return this.variable;
	}

}
