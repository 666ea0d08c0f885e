-- Entries written in the chat with the bot (issue 15): where a note came from, what kind it is, and the Telegram
-- message it was made from, so that a redelivered or edited message finds its entry again.
-- Adding columns with constant defaults rewrites nothing (PostgreSQL 11+); the checks read the table once, under
-- the migration's lock, and the new index is built over the few rows that have a chat message (none yet).
ALTER TABLE note
    ADD COLUMN source          text        NOT NULL DEFAULT 'app',
    ADD COLUMN kind            text        NOT NULL DEFAULT 'text',
    -- The message in the user's private chat with the bot (whose chat id is the user's id).
    ADD COLUMN chat_message_id bigint,
    -- Where a forwarded message came from, as Telegram names it, and when it was first sent.
    ADD COLUMN forwarded_from  text,
    ADD COLUMN forwarded_at    timestamptz,
    ADD COLUMN edited_at       timestamptz;

ALTER TABLE note ADD CONSTRAINT note_source_known CHECK (source IN ('app', 'chat'));
ALTER TABLE note ADD CONSTRAINT note_kind_known
    CHECK (kind IN ('text', 'voice', 'audio', 'video_note', 'photo'));
ALTER TABLE note ADD CONSTRAINT note_chat_has_message
    CHECK ((source = 'chat') = (chat_message_id IS NOT NULL));
ALTER TABLE note ADD CONSTRAINT note_forwarded_from_length CHECK (char_length(forwarded_from) <= 256);

-- One entry per chat message, whatever Telegram redelivers and whichever replica applies it.
CREATE UNIQUE INDEX note_chat_message_key ON note (user_id, chat_message_id) WHERE chat_message_id IS NOT NULL;
