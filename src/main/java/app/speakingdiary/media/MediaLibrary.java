package app.speakingdiary.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.speakingdiary.config.DiaryProperties;

/**
 * The files of chat entries: what each entry has, whether it may be kept, and the
 * download that copies it from Telegram once the entry is saved.
 */
@Service
public class MediaLibrary {

	private final JdbcClient jdbc;

	private final SchedulerClient scheduler;

	private final MediaLinks links;

	private final DiaryProperties.Media limits;

	MediaLibrary(JdbcClient jdbc, SchedulerClient scheduler, MediaLinks links, DiaryProperties properties) {
		this.jdbc = jdbc;
		this.scheduler = scheduler;
		this.links = links;
		this.limits = properties.media();
	}

	/**
	 * Records the file of a new entry and, when it may be kept, schedules its download,
	 * all in the caller's transaction (the update's): the download exists exactly when
	 * the entry does. The user's entries are locked by the caller (the note quota's
	 * check), so two messages of one user cannot both take the last of their storage.
	 */
	@Transactional
	public MediaStatus attach(long userId, long noteId, Attachment file) {
		MediaStatus status = MediaStatus.PENDING;
		long size = (file.size() != null) ? file.size() : 0;
		if (size > this.limits.maxFileSize().toBytes()) {
			status = MediaStatus.TOO_LARGE;
		}
		else if (used(userId) + size > this.limits.maxBytesPerUser().toBytes()) {
			status = MediaStatus.OVER_QUOTA;
		}
		this.jdbc.sql("""
				INSERT INTO media (note_id, user_id, kind, mime_type, duration, width, height, size, file_id,
				                   file_unique_id, status)
				VALUES (:noteId, :userId, :kind, :mimeType, :duration, :width, :height, :size, :fileId,
				        :fileUniqueId, :status)""")
			.param("noteId", noteId)
			.param("userId", userId)
			.param("kind", file.kind())
			.param("mimeType", file.mimeType())
			.param("duration", file.duration())
			.param("width", file.width())
			.param("height", file.height())
			.param("size", file.size())
			.param("fileId", file.fileId())
			.param("fileUniqueId", file.fileUniqueId())
			.param("status", status.value())
			.update();
		if (status == MediaStatus.PENDING) {
			this.scheduler.scheduleIfNotExists(
					MediaDownloads.TASK.instance(Long.toString(noteId)).scheduledTo(java.time.Instant.now()));
		}
		return status;
	}

	/**
	 * What the user keeps in files: stored sizes, and the announced sizes of files still
	 * coming.
	 */
	long used(long userId) {
		return this.jdbc.sql("""
				SELECT coalesce(sum(CASE WHEN status = 'stored' THEN stored_size ELSE coalesce(size, 0) END), 0)
				FROM media WHERE user_id = :userId AND status IN ('pending', 'stored')""")
			.param("userId", userId)
			.query(Long.class)
			.single();
	}

	/** The files of these entries of the user, as the API shows them, by entry. */
	public Map<Long, MediaView> describe(long userId, Collection<Long> noteIds) {
		Map<Long, MediaView> views = new HashMap<>();
		if (noteIds.isEmpty()) {
			return views;
		}
		this.jdbc.sql("""
				SELECT note_id, mime_type, duration, coalesce(stored_size, size) AS size, status FROM media
				WHERE user_id = :userId AND note_id IN (:noteIds)""")
			.param("userId", userId)
			.param("noteIds", noteIds)
			.query((ResultSet rs) -> {
				long noteId = rs.getLong("note_id");
				String status = rs.getString("status");
				views.put(noteId,
						new MediaView(rs.getString("mime_type"), integer(rs, "duration"), (Long) rs.getObject("size"),
								status, "stored".equals(status) ? this.links.sign(userId, noteId) : null));
			});
		return views;
	}

	/** A stored file of this user's entry: what serving it needs. */
	record StoredFile(long noteId, String mimeType, String kind, long size) {

		/** With the extension of its type, for whatever saves or opens it. */
		String fileName() {
			return this.kind + "-" + this.noteId + "." + extension(this.mimeType, this.kind);
		}

	}

	Optional<StoredFile> stored(long userId, long noteId) {
		return this.jdbc.sql("""
				SELECT note_id, mime_type, kind, stored_size FROM media
				WHERE note_id = :noteId AND user_id = :userId AND status = 'stored'""")
			.param("noteId", noteId)
			.param("userId", userId)
			.query((rs, row) -> new StoredFile(rs.getLong("note_id"), rs.getString("mime_type"), rs.getString("kind"),
					rs.getLong("stored_size")))
			.optional();
	}

	/**
	 * A stored recording of any user, for background work (transcription) that was
	 * scheduled for it; empty once the entry is deleted.
	 */
	public Optional<Recording> recording(long noteId) {
		return this.jdbc.sql("""
				SELECT m.note_id, m.user_id, m.mime_type, m.kind, m.stored_size FROM media m
				WHERE m.note_id = :noteId AND m.status = 'stored' AND m.kind <> 'photo'""")
			.param("noteId", noteId)
			.query((rs, row) -> new Recording(rs.getLong("note_id"), rs.getLong("user_id"), rs.getString("mime_type"),
					rs.getString("kind"), rs.getLong("stored_size")))
			.optional();
	}

	/** A stored voice, audio or video note file. */
	public record Recording(long noteId, long userId, String mimeType, String kind, long size) {

		/** A file name whose extension speech-to-text servers recognise. */
		public String fileName() {
			return this.kind + "-" + this.noteId + "." + extension(this.mimeType, this.kind);
		}

	}

	static String extension(String mimeType, String kind) {
		return switch (mimeType) {
			case "audio/ogg", "audio/opus" -> "ogg";
			case "audio/mpeg", "audio/mp3" -> "mp3";
			case "audio/mp4", "audio/x-m4a", "audio/m4a", "audio/aac" -> "m4a";
			case "audio/wav", "audio/x-wav" -> "wav";
			case "audio/flac", "audio/x-flac" -> "flac";
			case "audio/webm", "video/webm" -> "webm";
			case "image/jpeg" -> "jpg";
			case "image/png" -> "png";
			case "image/webp" -> "webp";
			case "image/gif" -> "gif";
			default -> switch (kind) {
				case "video_note" -> "mp4";
				case "photo" -> "jpg";
				default -> mimeType.startsWith("video/") ? "mp4" : "ogg";
			};
		};
	}

	private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

}
