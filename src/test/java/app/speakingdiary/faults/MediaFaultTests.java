package app.speakingdiary.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.speakingdiary.telegram.FakeBotApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voice entries' background work (download, transcription) under replicas and crashes:
 * each file is downloaded and transcribed once, and a download cut short by a kill is
 * done again by the next instance.
 */
class MediaFaultTests extends FaultScenario {

	private static final byte[] VOICE = fixture();

	private static byte[] fixture() {
		try (InputStream in = MediaFaultTests.class.getResourceAsStream("/media/voice.ogg")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int postVoice(ServiceInstance instance, long updateId, long userId, String fileId) {
		String update = """
				{"update_id":%d,"message":{"message_id":%d,"date":%d,"from":{"id":%d,"is_bot":false,\
				"first_name":"Fault","language_code":"ru"},"chat":{"id":%d,"type":"private"},\
				"voice":{"file_id":"%s","file_unique_id":"u%s","duration":2,"mime_type":"audio/ogg",\
				"file_size":%d}}}""".formatted(updateId, updateId % 1_000_000, Instant.now().getEpochSecond(), userId,
				userId, fileId, fileId, VOICE.length);
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port + "/api/telegram/webhook"))
			.header("Content-Type", "application/json")
			.header("X-Telegram-Bot-Api-Secret-Token", ServiceInstance.WEBHOOK_SECRET)
			.timeout(Duration.ofSeconds(15))
			.POST(HttpRequest.BodyPublishers.ofString(update))
			.build()).statusCode();
	}

	private static long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	@Test
	void twoReplicasDownloadAndTranscribeEachVoiceEntryOnce() {
		int entries = 30;
		try (ServiceInstance one = ServiceInstance.inThisJvm(database, botApi);
				ServiceInstance two = ServiceInstance.inThisJvm(database, botApi)) {
			List<String> files = new ArrayList<>();
			for (int i = 0; i < entries; i++) {
				String fileId = "TWO" + i;
				files.add(fileId);
				botApi.addFile(fileId, "voice", VOICE);
				long updateId = newUpdateId();
				long userId = newUserId();
				// Each update reaches both replicas, as Telegram's redelivery can make
				// it.
				assertThat(postVoice(one, updateId, userId, fileId)).isEqualTo(200);
				assertThat(postVoice(two, updateId, userId, fileId)).isEqualTo(200);
			}

			Awaitility.await("every transcript kept")
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> count("SELECT count(*) FROM note WHERE transcript_status = 'done' AND id IN "
						+ "(SELECT note_id FROM media WHERE file_id LIKE 'TWO%')") == entries);

			assertThat(count("SELECT count(*) FROM media WHERE file_id LIKE 'TWO%' AND status = 'stored'"))
				.isEqualTo(entries);
			assertThat(files.stream().map(botApi::downloads).distinct().toList()).as("downloads per file")
				.containsExactly(1);
			Map<Integer, Long> transcriptions = speech.calls()
				.stream()
				.collect(Collectors.groupingBy((call) -> call.file().length, Collectors.counting()));
			assertThat(transcriptions).as("every call was for the fixture, once per entry")
				.containsExactly(Map.entry(VOICE.length, (long) entries));
		}
	}

	@Test
	void aDownloadCutShortByAKillIsDoneOnceByTheNextInstance() {
		String fileId = "KILLED";
		botApi.addFile(fileId, "voice", VOICE);
		// Half the file, then nothing for a minute: the kill comes mid-download.
		botApi.fileFaults((file) -> (botApi.downloads(fileId) == 1) ? Response.hang(Duration.ofSeconds(60)) : null);
		ServiceInstance first = ServiceInstance.asProcess(database, botApi,
				Path.of("target/faults/kill-9-mid-download.log"));
		try {
			assertThat(postVoice(first, newUpdateId(), newUserId(), fileId)).isEqualTo(200);
			Awaitility.await("the download under way")
				.atMost(Duration.ofSeconds(30))
				.until(() -> botApi.downloads(fileId) == 1);
			first.kill();
			// The fault itself: the process is gone mid-download, its task still picked.
			assertThat(first.isAlive()).isFalse();
		}
		finally {
			first.close();
		}
		assertThat(count("SELECT count(*) FROM media WHERE file_id = 'KILLED' AND status = 'pending'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'media-download' AND picked"))
			.isEqualTo(1);

		try (ServiceInstance second = ServiceInstance.inThisJvm(database, botApi)) {
			Awaitility.await("the file stored by the next instance")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> count("SELECT count(*) FROM media WHERE file_id = 'KILLED' AND status = 'stored'") == 1);

			assertThat(botApi.downloads(fileId)).as("the cut download, then one whole one").isEqualTo(2);
			assertThat(jdbc.sql("""
					SELECT string_agg(encode(c.bytes, 'hex'), '' ORDER BY c.seq) FROM media_chunk c
					JOIN media m ON m.note_id = c.note_id WHERE m.file_id = 'KILLED'""").query(String.class).single())
				.isEqualTo(HexFormat.of().formatHex(VOICE));
			Awaitility.await("its transcript")
				.atMost(Duration.ofSeconds(30))
				.until(() -> count("SELECT count(*) FROM note WHERE transcript_status = 'done' AND id = "
						+ "(SELECT note_id FROM media WHERE file_id = 'KILLED')") == 1);
			assertThat(speech.calls()).hasSize(1);
		}
	}

}
