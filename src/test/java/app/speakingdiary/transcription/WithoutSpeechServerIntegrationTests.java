package app.speakingdiary.transcription;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without STT_URL, recordings are kept and playable, with no transcript, and nothing
 * fails.
 */
@TestPropertySource(properties = "diary.speech.url=")
class WithoutSpeechServerIntegrationTests extends IntegrationTest {

	@Test
	void aVoiceEntryIsStoredWithoutATranscript() {
		botApi.addFile("V", "voice", new byte[] { 'O', 'g', 'g', 'S' });
		postUpdate(TranscriptionIntegrationTests.voice(1, 7, "V", "ru")).expectStatus().isOk();

		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.sql("SELECT status FROM media").query(String.class).single(), "stored"::equals);
		assertThat(this.jdbc.sql("SELECT transcript_status IS NULL FROM note").query(Boolean.class).single()).isTrue();
		assertThat(speech.calls()).isEmpty();
		assertThat(this.jdbc.sql("SELECT count(*) FROM scheduled_tasks").query(Long.class).single()).isZero();
	}

}
