package app.speakingdiary.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import app.speakingdiary.support.FakeSpeechToText;
import app.speakingdiary.support.IntegrationTest;
import app.speakingdiary.telegram.FakeBotApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voice, audio, video note and photo messages become entries whose files are copied into
 * our storage in the background, once, and served back through signed links.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChatMediaIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	static byte[] fixture(String name) {
		try (InputStream in = ChatMediaIntegrationTests.class.getResourceAsStream("/media/" + name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String voice(long updateId, long userId, long messageId, String fileId, int size) {
		return """
				{"update_id":%d,"message":{"message_id":%d,"date":1764000000,
				 "chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"Ada","language_code":"ru"},
				 "voice":{"file_id":"%s","file_unique_id":"u%s","duration":2,"mime_type":"audio/ogg","file_size":%d}}}"""
			.formatted(updateId, messageId, userId, userId, fileId, fileId, size);
	}

	private String listNotes(ApiUser user) {
		return getJson(user, "/api/telegram/notes").toString();
	}

	private JsonNode firstNote(ApiUser user) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(listNotes(user)).at("/notes/0");
	}

	private String status(long messageId) {
		return this.jdbc.sql("SELECT m.status FROM media m JOIN note n ON n.id = m.note_id WHERE n.chat_message_id = ?")
			.param(messageId)
			.query(String.class)
			.optional()
			.orElse("none");
	}

	private void awaitStatus(long messageId, String expected) {
		Awaitility.await("media of message " + messageId + " " + expected)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> status(messageId), expected::equals);
	}

	private byte[] get(String url, String range, HttpStatus expected) {
		return this.http.get().uri(url).headers((headers) -> {
			if (range != null) {
				headers.set(HttpHeaders.RANGE, range);
			}
		}).exchange().expectStatus().isEqualTo(expected).expectBody().returnResult().getResponseBodyContent();
	}

	@Test
	void aVoiceMessageIsKeptTranscribedAndItsAcknowledgementEditedToShowTheTranscript() {
		byte[] ogg = fixture("voice.ogg");
		botApi.addFile("V1", "voice", ogg);
		ApiUser user = newUser(42);

		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();

		FakeBotApi.Call ack = botApi.await("sendMessage", 1, WAIT).get(0);
		assertThat(ack.text()).isEqualTo("Записано.");
		awaitStatus(7, "stored");
		List<FakeBotApi.Call> edits = botApi.await("editMessageText", 1, WAIT);
		assertThat(edits.get(0).body().get("message_id").asLong()).as("the acknowledgement's id").isEqualTo(1001);
		assertThat(edits.get(0).text())
			.isEqualTo("Записано. Расшифровка:\n\n" + FakeSpeechToText.transcriptOf(ogg.length));
		assertThat(edits.get(0).body().at("/reply_markup/inline_keyboard/0/0/callback_data").asString())
			.startsWith("undo:");

		FakeSpeechToText.Call call = speech.calls().get(0);
		assertThat(call.file()).isEqualTo(ogg);
		assertThat(call.fileType()).isEqualTo("audio/ogg");
		assertThat(call.fields()).containsEntry("model", "whisper-test").containsEntry("language", "ru");
		assertThat(call.authorization()).isEqualTo("Bearer stt-test-key-0123456789");

		JsonNode note = firstNote(user);
		assertThat(note.get("kind").asString()).isEqualTo("voice");
		assertThat(note.get("source").asString()).isEqualTo("chat");
		assertThat(note.get("text").asString()).isEmpty();
		assertThat(note.at("/media/mime_type").asString()).isEqualTo("audio/ogg");
		assertThat(note.at("/media/duration").asInt()).isEqualTo(2);
		assertThat(note.at("/media/size").asLong()).isEqualTo(ogg.length);
		assertThat(note.at("/media/status").asString()).isEqualTo("stored");
		assertThat(note.at("/transcript/status").asString()).isEqualTo("done");
		assertThat(note.at("/transcript/text").asString()).isEqualTo(FakeSpeechToText.transcriptOf(ogg.length));
		assertThat(get(note.at("/media/url").asString(), null, HttpStatus.OK)).isEqualTo(ogg);
	}

	@Test
	void everyKindOfFileBecomesAnEntryWithItsCaptionAsText() {
		byte[] mp4 = fixture("video_note.mp4");
		byte[] jpeg = fixture("photo.jpg");
		byte[] audio = fixture("audio.ogg");
		botApi.addFile("VN", "video_notes", mp4);
		botApi.addFile("PH", "photos", jpeg);
		botApi.addFile("PHsmall", "photos", new byte[] { 1, 2, 3 });
		botApi.addFile("AU", "music", audio);
		ApiUser user = newUser(42);
		String from = "\"chat\":{\"id\":42,\"type\":\"private\"},\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Ada\"}";

		postUpdate("""
				{"update_id":1,"message":{"message_id":1,"date":1764000000,%s,
				 "video_note":{"file_id":"VN","file_unique_id":"uVN","length":240,"duration":1,"file_size":%d}}}"""
			.formatted(from, mp4.length)).expectStatus().isOk();
		postUpdate("""
				{"update_id":2,"message":{"message_id":2,"date":1764000000,%s,"caption":"Закат",
				 "photo":[{"file_id":"PHsmall","file_unique_id":"uPHs","width":90,"height":56,"file_size":3},
				          {"file_id":"PH","file_unique_id":"uPH","width":320,"height":200,"file_size":%d}]}}"""
			.formatted(from, jpeg.length)).expectStatus().isOk();
		postUpdate("""
				{"update_id":3,"message":{"message_id":3,"date":1764000000,%s,
				 "audio":{"file_id":"AU","file_unique_id":"uAU","duration":2,"mime_type":"audio/ogg; codecs=opus",
				          "file_size":%d,"title":"Day"}}}""".formatted(from, audio.length)).expectStatus().isOk();

		awaitStatus(1, "stored");
		awaitStatus(2, "stored");
		awaitStatus(3, "stored");
		JsonNode notes = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(listNotes(user))
			.get("notes");
		assertThat(notes).hasSize(3);
		JsonNode audioNote = notes.get(0);
		JsonNode photoNote = notes.get(1);
		JsonNode videoNote = notes.get(2);
		assertThat(audioNote.get("kind").asString()).isEqualTo("audio");
		assertThat(audioNote.at("/media/mime_type").asString()).isEqualTo("audio/ogg");
		assertThat(photoNote.get("kind").asString()).isEqualTo("photo");
		assertThat(photoNote.get("text").asString()).isEqualTo("Закат");
		assertThat(photoNote.at("/media/mime_type").asString()).isEqualTo("image/jpeg");
		assertThat(photoNote.get("transcript").isNull()).as("photos are not transcribed").isTrue();
		assertThat(videoNote.get("kind").asString()).isEqualTo("video_note");
		assertThat(videoNote.at("/media/mime_type").asString()).isEqualTo("video/mp4");
		assertThat(get(photoNote.at("/media/url").asString(), null, HttpStatus.OK)).isEqualTo(jpeg);
		assertThat(get(videoNote.at("/media/url").asString(), null, HttpStatus.OK)).isEqualTo(mp4);
		assertThat(get(audioNote.at("/media/url").asString(), null, HttpStatus.OK)).isEqualTo(audio);
		assertThat(botApi.downloads("PHsmall")).as("the largest size only").isZero();
		Awaitility.await().atMost(WAIT).until(() -> speech.calls().size() == 2);
	}

	@Test
	void aRedeliveredVoiceMessageMakesOneEntryOneDownloadAndOneTranscription() {
		byte[] ogg = fixture("voice.ogg");
		botApi.addFile("V1", "voice", ogg);

		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();
		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();
		postUpdate(voice(2, 42, 7, "V1", ogg.length)).expectStatus().isOk();

		awaitStatus(7, "stored");
		botApi.await("editMessageText", 1, WAIT);
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
		assertThat(botApi.downloads("V1")).isEqualTo(1);
		assertThat(speech.calls()).hasSize(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM scheduled_tasks").query(Long.class).single())
			.as("no work left behind")
			.isZero();
	}

	@Test
	void aCaptionEditChangesTheEntrysText() {
		byte[] jpeg = fixture("photo.jpg");
		botApi.addFile("PH", "photos", jpeg);
		String photo = """
				"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada"},
				"photo":[{"file_id":"PH","file_unique_id":"uPH","width":320,"height":200}]""";
		postUpdate("{\"update_id\":1,\"message\":{\"message_id\":5,\"date\":1764000000,\"caption\":\"before\"," + photo
				+ "}}")
			.expectStatus()
			.isOk();
		postUpdate("{\"update_id\":2,\"edited_message\":{\"message_id\":5,\"date\":1764000000,\"caption\":\"after\","
				+ photo + "}}")
			.expectStatus()
			.isOk();
		assertThat(this.jdbc.sql("SELECT text FROM note").query(String.class).single()).isEqualTo("after");

		postUpdate("{\"update_id\":3,\"edited_message\":{\"message_id\":5,\"date\":1764000000," + photo + "}}")
			.expectStatus()
			.isOk();
		assertThat(this.jdbc.sql("SELECT text FROM note").query(String.class).single()).as("a caption removed")
			.isEmpty();
	}

	@Test
	void aFileOverTheDownloadLimitIsRefusedWithAReplyAndTheEntryKept() {
		postUpdate(voice(1, 42, 7, "BIG", 21 * 1024 * 1024)).expectStatus().isOk();

		assertThat(botApi.await("sendMessage", 1, WAIT).get(0).text()).contains("20 МБ");
		assertThat(status(7)).isEqualTo("too_large");
		assertThat(botApi.calls("getFile")).as("nothing asked of Telegram").isEmpty();
	}

	@Test
	void aFileTelegramCallsTooBigIsMarkedSoWithoutRetries() {
		botApi.addTooBigFile("BIG");
		// Telegram did not announce the size.
		postUpdate(voice(1, 42, 7, "BIG", 0).replace(",\"file_size\":0", "")).expectStatus().isOk();

		awaitStatus(7, "too_large");
		assertThat(botApi.calls("getFile")).hasSize(1);
	}

	@Test
	void filesBeyondTheUsersStorageAreNotKeptButTheirEntriesAre() {
		// The test quota is 1 MB; Telegram announces 600 KB each.
		botApi.addFile("A", "voice", new byte[600 * 1024]);
		botApi.addFile("B", "voice", new byte[600 * 1024]);

		postUpdate(voice(1, 42, 7, "A", 600 * 1024)).expectStatus().isOk();
		postUpdate(voice(2, 42, 8, "B", 600 * 1024)).expectStatus().isOk();

		assertThat(status(8)).isEqualTo("over_quota");
		awaitStatus(7, "stored");
		assertThat(this.jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(2);
		assertThat(botApi.downloads("B")).isZero();
		Awaitility.await()
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(botApi.calls("sendMessage")).extracting(FakeBotApi.Call::text)
				.anyMatch((text) -> text.contains("место для файлов")));
	}

	@Test
	void aFailingDownloadIsRetriedWithBackoffAndStoredOnce() {
		byte[] ogg = fixture("voice.ogg");
		botApi.addFile("V1", "voice", ogg);
		java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
		botApi.fileFaults(
				(file) -> (failures.incrementAndGet() <= 2) ? FakeBotApi.Response.error(502, "Bad Gateway") : null);

		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();

		awaitStatus(7, "stored");
		assertThat(botApi.downloads("V1")).isEqualTo(3);
		assertThat(this.jdbc.sql("SELECT string_agg(encode(bytes, 'hex'), '' ORDER BY seq) FROM media_chunk")
			.query(String.class)
			.single()).isEqualTo(java.util.HexFormat.of().formatHex(ogg));
	}

	@Test
	void aDownloadThatNeverWorksIsGivenUpAfterItsAttemptsAndTheTokenIsNeverLogged(CapturedOutput output) {
		botApi.addFile("V1", "voice", fixture("voice.ogg"));
		botApi.fileFaults((file) -> FakeBotApi.Response.dropConnection());

		postUpdate(voice(1, 42, 7, "V1", 4704)).expectStatus().isOk();

		awaitStatus(7, "failed");
		assertThat(botApi.downloads("V1")).as("MEDIA_DOWNLOAD_ATTEMPTS in the tests").isEqualTo(3);
		assertThat(output.getAll()).contains("Gave up copying the file of entry").doesNotContain(BOT_TOKEN);
		assertThat(this.jdbc.sql("SELECT failure FROM media").query(String.class).single()).doesNotContain(BOT_TOKEN);
	}

	@Test
	void aSignedLinkServesRangesAndNothingElse() {
		byte[] ogg = fixture("voice.ogg");
		botApi.addFile("V1", "voice", ogg);
		ApiUser user = newUser(42);
		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();
		awaitStatus(7, "stored");
		String url = firstNote(user).at("/media/url").asString();

		this.http.get()
			.uri(url)
			.header(HttpHeaders.RANGE, "bytes=0-1")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PARTIAL_CONTENT)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 0-1/" + ogg.length)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_TYPE, "audio/ogg")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectBody()
			.consumeWith((body) -> assertThat(body.getResponseBody()).isEqualTo(Arrays.copyOfRange(ogg, 0, 2)));
		assertThat(get(url, "bytes=100-", HttpStatus.PARTIAL_CONTENT))
			.isEqualTo(Arrays.copyOfRange(ogg, 100, ogg.length));
		assertThat(get(url, "bytes=-10", HttpStatus.PARTIAL_CONTENT))
			.isEqualTo(Arrays.copyOfRange(ogg, ogg.length - 10, ogg.length));
		this.http.get()
			.uri(url)
			.header(HttpHeaders.RANGE, "bytes=" + ogg.length + "-")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + ogg.length);
		assertThat(get(url, "bytes=0-1,5-6", HttpStatus.OK)).as("several ranges: the whole file").isEqualTo(ogg);

		String otherUser = url.replace("user=42", "user=43");
		String longer = url.replaceAll("expires=(\\d+)", "expires=$19");
		String unsigned = url.substring(0, url.indexOf("&signature="));
		for (String forged : List.of(otherUser, longer, unsigned, url.replace("/media/", "/media/9"))) {
			this.http.get()
				.uri(forged)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentTypeCompatibleWith("application/problem+json");
		}
	}

	@Test
	void rangesAcrossChunksServeExactlyTheBytesAskedFor() {
		// Three chunks of 256 KiB and a bit: ranges within one, across two, and the last
		// byte.
		byte[] file = new byte[3 * 262144 + 1000];
		new java.util.Random(15).nextBytes(file);
		botApi.addFile("BIGGER", "music", file);
		ApiUser user = newUser(42);
		postUpdate("""
				{"update_id":1,"message":{"message_id":7,"date":1764000000,
				 "chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ada"},
				 "audio":{"file_id":"BIGGER","file_unique_id":"uB","duration":60,"mime_type":"audio/mpeg"}}}""")
			.expectStatus()
			.isOk();
		awaitStatus(7, "stored");
		String url = firstNote(user).at("/media/url").asString();

		assertThat(get(url, null, HttpStatus.OK)).isEqualTo(file);
		for (int[] range : new int[][] { { 0, 0 }, { 262140, 262150 }, { 100, 600_000 }, { 262144, 524287 },
				{ file.length - 1, file.length - 1 } }) {
			assertThat(get(url, "bytes=" + range[0] + "-" + range[1], HttpStatus.PARTIAL_CONTENT))
				.as("bytes %d-%d", range[0], range[1])
				.isEqualTo(Arrays.copyOfRange(file, range[0], range[1] + 1));
		}
		assertThat(get(url, "bytes=-" + (file.length + 10), HttpStatus.PARTIAL_CONTENT))
			.as("a suffix longer than the file")
			.isEqualTo(file);
		this.http.head()
			.uri(url)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentLength(file.length)
			.expectBody()
			.isEmpty();
	}

	@Test
	void aLinkWithNumbersPastTheirRangeIsNotFound() {
		this.http.get()
			.uri("/api/telegram/media/1?user=9999999999999999999&expires=1&signature=x")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.http.get()
			.uri("/api/telegram/media/%D9%A1?user=42&expires=1&signature=x")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void unannouncedSizesStillCountAgainstTheUsersStorage() {
		// The test quota is 1 MB; Telegram announces no size.
		botApi.addFile("A", "voice", new byte[600 * 1024]);
		botApi.addFile("B", "voice", new byte[600 * 1024]);
		postUpdate(voice(1, 42, 7, "A", 0).replace(",\"file_size\":0", "")).expectStatus().isOk();
		awaitStatus(7, "stored");

		postUpdate(voice(2, 42, 8, "B", 0).replace(",\"file_size\":0", "")).expectStatus().isOk();

		awaitStatus(8, "over_quota");
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM media_chunk c JOIN media m ON m.note_id = c.note_id "
					+ "WHERE m.status = 'over_quota'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void anExpiredLinkIsNotFound() {
		MediaLinks links = new MediaLinks(this.properties, java.time.Clock.offset(java.time.Clock.systemUTC(),
				this.properties.media().linkTtl().negated().minusSeconds(5)));
		byte[] ogg = fixture("voice.ogg");
		botApi.addFile("V1", "voice", ogg);
		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();
		awaitStatus(7, "stored");
		long noteId = this.jdbc.sql("SELECT note_id FROM media").query(Long.class).single();

		this.http.get().uri(links.sign(42, noteId)).exchange().expectStatus().isNotFound();
		this.http.get().uri(this.links.sign(42, noteId)).exchange().expectStatus().isOk();
	}

	@org.springframework.beans.factory.annotation.Autowired
	private app.speakingdiary.config.DiaryProperties properties;

	@org.springframework.beans.factory.annotation.Autowired
	private MediaLinks links;

	@Test
	void deletingAnEntryDeletesItsFile() {
		byte[] ogg = fixture("voice.ogg");
		botApi.addFile("V1", "voice", ogg);
		ApiUser user = newUser(42);
		postUpdate(voice(1, 42, 7, "V1", ogg.length)).expectStatus().isOk();
		awaitStatus(7, "stored");
		JsonNode note = firstNote(user);

		this.http.delete()
			.uri("/api/telegram/notes/" + note.get("id").asLong())
			.header("X-Session-Token", user.token())
			.header("X-Telegram-Init-Data", user.initData())
			.exchange()
			.expectStatus()
			.is2xxSuccessful();

		assertThat(this.jdbc.sql("SELECT count(*) FROM media_chunk").query(Long.class).single()).isZero();
		this.http.get().uri(note.at("/media/url").asString()).exchange().expectStatus().isNotFound();
	}

}
