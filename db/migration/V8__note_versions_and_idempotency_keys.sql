-- Edits from two devices never overwrite each other silently (issue 16): every note has a version, which each change
-- of its text (from the Mini App or an edit in Telegram) raises, and a change must name the version it was made
-- from. A constant default rewrites nothing (PostgreSQL 11+).
ALTER TABLE note
    ADD COLUMN version    bigint      NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz;

-- A retried POST /api/telegram/notes with the same Idempotency-Key gets the first answer, whichever replica takes
-- it. The row is written in the transaction that creates the note, so a concurrent retry waits on its key and then
-- finds the answer. Keys live a day (purged by a db-scheduler recurring task).
CREATE TABLE idempotency_key (
    user_id      bigint      NOT NULL REFERENCES telegram_user (id) ON DELETE CASCADE,
    key          text        NOT NULL CHECK (key ~ '^[\x21-\x7e]{1,128}$'),
    request_hash bytea       NOT NULL CHECK (octet_length(request_hash) = 32),
    status       integer     NOT NULL CHECK (status BETWEEN 200 AND 299),
    -- The first answer's body, returned as it was.
    response     text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);
