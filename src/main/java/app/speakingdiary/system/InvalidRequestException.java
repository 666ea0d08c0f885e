package app.speakingdiary.system;

/** Bad input from a client, answered with 400 and this message as the problem's detail. */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message);
	}

}
