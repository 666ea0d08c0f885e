-- #hashtags of each note (issue 16), lower-cased, one row per tag and note, kept by the service whenever it writes a
-- note's text. Tags are Unicode letters, digits and underscores (#работа, #day_1); the service extracts them, so the
-- rules do not depend on the database's locale.
CREATE TABLE note_tag (
    note_id bigint NOT NULL REFERENCES note (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES telegram_user (id) ON DELETE CASCADE,
    tag     text   NOT NULL CHECK (char_length(tag) BETWEEN 1 AND 64 AND tag = lower(tag)),
    PRIMARY KEY (note_id, tag)
);
-- A user's tags with counts, and one tag's notes newest first.
CREATE INDEX note_tag_user_tag_note_idx ON note_tag (user_id, tag, note_id DESC);

-- Notes written before this release get their tags from a one-time background task (db-scheduler runs it once, on
-- one replica, in batches), since the extraction rules live in the service.
INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
VALUES ('note-tags-backfill', 'V9', now(), false, 1);
