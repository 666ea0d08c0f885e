-- Voice, audio, video notes and photos from the chat (issue 15): the file's bytes kept in our own storage, the
-- transcript kept on the entry, and the durable background work (download, transcription) that fills them in.

-- A media entry may come without a caption: only a text entry must have text. The transcript of a voice, audio or
-- video note entry: NULL status when none was asked for (no speech-to-text server, or not a recording).
-- One ALTER TABLE, so that the new checks read the table once, under the migration's lock.
ALTER TABLE note
    DROP CONSTRAINT note_text_not_blank,
    ADD CONSTRAINT note_text_not_blank CHECK (kind <> 'text' OR btrim(text, E' \t\r\n') <> ''),
    ADD COLUMN transcript_status text,
    ADD COLUMN transcript        text,
    ADD CONSTRAINT note_transcript_status_known CHECK (transcript_status IN ('pending', 'done', 'failed')),
    ADD CONSTRAINT note_transcript_length CHECK (char_length(transcript) <= 65536);

-- One file per entry, described as Telegram described it. The bytes are not here (see media_chunk): a page of
-- entries reads these rows and never a file.
--   pending    waiting for the download
--   stored     the bytes are in media_chunk (stored_size of them)
--   too_large  over the Bot API's download limit: Telegram does not give bots the file
--   over_quota the user's storage was full when the message came
--   failed     the download was given up (the file is gone from Telegram, or every retry failed)
CREATE TABLE media (
    note_id        bigint      PRIMARY KEY REFERENCES note (id) ON DELETE CASCADE,
    user_id        bigint      NOT NULL REFERENCES telegram_user (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('voice', 'audio', 'video_note', 'photo')),
    mime_type      text        NOT NULL CHECK (mime_type ~ '^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$'),
    duration       integer     CHECK (duration >= 0),
    width          integer     CHECK (width > 0),
    height         integer     CHECK (height > 0),
    -- The size Telegram announced, when it did.
    size           bigint      CHECK (size >= 0),
    file_id        text        NOT NULL CHECK (char_length(file_id) <= 512),
    file_unique_id text        NOT NULL CHECK (char_length(file_unique_id) <= 128),
    status         text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'stored', 'too_large', 'over_quota', 'failed')),
    stored_size    bigint      CHECK (stored_size >= 0),
    failure        text        CHECK (char_length(failure) <= 512),
    created_at     timestamptz NOT NULL DEFAULT now(),
    stored_at      timestamptz,
    CONSTRAINT media_stored_has_size CHECK ((status = 'stored') = (stored_size IS NOT NULL))
);
-- The storage quota sums one user's files.
CREATE INDEX media_user_id_idx ON media (user_id);

-- A file's bytes in order, 256 KiB a row, so that serving a range reads only the rows it covers and never holds a
-- whole file. Telegram's files are compressed already: EXTERNAL stores them out of line without trying pglz.
CREATE TABLE media_chunk (
    note_id bigint  NOT NULL REFERENCES media (note_id) ON DELETE CASCADE,
    seq     integer NOT NULL CHECK (seq >= 0),
    bytes   bytea   NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 1048576),
    PRIMARY KEY (note_id, seq)
);
ALTER TABLE media_chunk ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The bot's acknowledgement of an entry is edited later (to show a voice entry's transcript): a message names what
-- it is about (subject), and once sent keeps the message id Telegram gave it.
ALTER TABLE bot_outbox
    ADD COLUMN subject           text CHECK (subject ~ '^[a-z_]{1,32}:[0-9]{1,19}$'),
    ADD COLUMN edits             text CHECK (edits ~ '^[a-z_]{1,32}:[0-9]{1,19}$'),
    ADD COLUMN result_message_id bigint;
CREATE INDEX bot_outbox_subject_idx ON bot_outbox (chat_id, subject) WHERE subject IS NOT NULL;

-- db-scheduler's table (its PostgreSQL schema for 16.x): downloads and transcriptions are one-time tasks that
-- survive restarts and run once across replicas.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
