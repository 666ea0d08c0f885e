package app.speakingdiary.transcription;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.speakingdiary.support.FakeSpeechToText;
import app.speakingdiary.support.FakeSpeechToText.Answer;
import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recordings are transcribed once by the speech-to-text server, whatever it answers: 429,
 * 5xx, hangs and unreadable answers are retried with backoff up to
 * {@code STT_MAX_ATTEMPTS} (3 in the tests), a refusal is not.
 */
class TranscriptionIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final byte[] OGG = new byte[] { 'O', 'g', 'g', 'S', 0, 2, 0, 0, 0, 0, 0, 0, 0, 0 };

	static String voice(long updateId, long messageId, String fileId, String languageCode) {
		return """
				{"update_id":%d,"message":{"message_id":%d,"date":1764000000,
				 "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada","language_code":"%s"},
				 "voice":{"file_id":"%s","file_unique_id":"u%s","duration":1,"mime_type":"audio/ogg","file_size":14}}}"""
			.formatted(updateId, messageId, languageCode, fileId, fileId);
	}

	private String transcriptStatus() {
		return this.jdbc.sql("SELECT coalesce(transcript_status, 'none') FROM note")
			.query(String.class)
			.optional()
			.orElse("no entry");
	}

	private void awaitTranscript(String status) {
		Awaitility.await("transcript " + status)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(50))
			.until(this::transcriptStatus, status::equals);
	}

	private void post(String languageCode) {
		botApi.addFile("V", "voice", OGG);
		postUpdate(voice(1, 7, "V", languageCode)).expectStatus().isOk();
	}

	@Test
	void a429AndA5xxAreRetriedAndTheTranscriptKeptOnce() {
		speech.script(Answer.status(429), Answer.status(503));

		post("en-US");

		awaitTranscript("done");
		assertThat(speech.calls()).hasSize(3);
		assertThat(speech.calls().get(2).fields()).containsEntry("language", "en");
		assertThat(this.jdbc.sql("SELECT transcript FROM note").query(String.class).single())
			.isEqualTo(FakeSpeechToText.transcriptOf(OGG.length));
		assertThat(botApi.await("editMessageText", 1, WAIT).get(0).text()).startsWith("Saved. Transcript:");
	}

	@Test
	void anAnswerThatIsNotJsonAndAHangAreRetried() {
		speech.script(Answer.garbage(), Answer.hang(Duration.ofSeconds(3)));

		post("ru");

		awaitTranscript("done");
		assertThat(speech.calls()).hasSize(3);
	}

	@Test
	void aServerThatKeepsFailingIsGivenUpAfterItsAttempts() {
		speech.always(Answer.status(500));

		post("ru");

		awaitTranscript("failed");
		assertThat(speech.calls()).hasSize(3);
		assertThat(botApi.calls("editMessageText")).as("the acknowledgement stays as it was").isEmpty();
		assertThat(this.jdbc.sql("SELECT status FROM media").query(String.class).single())
			.as("the recording is kept and playable")
			.isEqualTo("stored");
	}

	@Test
	void aRefusalIsNotRetried() {
		speech.script(Answer.status(400));

		post("ru");

		awaitTranscript("failed");
		assertThat(speech.calls()).hasSize(1);
	}

	@Test
	void aTranscriptWithANulCharacterIsKeptWithoutIt() {
		// PostgreSQL cannot store NUL in text.
		speech.script(Answer.text("день\\u0000 хороший "));

		post("ru");

		awaitTranscript("done");
		assertThat(this.jdbc.sql("SELECT transcript FROM note").query(String.class).single()).isEqualTo("день хороший");
	}

	@Test
	void photosAreNeverSentToTheServer() {
		botApi.addFile("P", "photos", OGG);
		postUpdate("""
				{"update_id":1,"message":{"message_id":7,"date":1764000000,
				 "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada"},
				 "photo":[{"file_id":"P","file_unique_id":"uP","width":10,"height":10,"file_size":14}]}}""")
			.expectStatus()
			.isOk();

		Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.jdbc.sql("SELECT status FROM media").query(String.class).single(), "stored"::equals);
		assertThat(transcriptStatus()).isEqualTo("none");
		assertThat(speech.calls()).isEmpty();
	}

}
