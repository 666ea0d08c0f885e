-- Speaking Diary: Telegram users, their sessions and notes, and the bot's bookkeeping.
-- Released migrations are never edited: add a new V<n>__*.sql instead.

-- Telegram assigns the ids (up to 52 significant bits), so they are the primary key.
CREATE TABLE telegram_user (
    id            bigint      PRIMARY KEY CHECK (id > 0),
    first_name    text,
    last_name     text,
    username      text,
    language_code text,
    blocked_bot   boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A session token is a bearer credential: only its SHA-256 digest is stored.
CREATE TABLE user_session (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 bytea       NOT NULL CHECK (octet_length(token_sha256) = 32),
    user_id      bigint      NOT NULL REFERENCES telegram_user (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen    timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    CONSTRAINT user_session_token_sha256_key UNIQUE (token_sha256),
    CONSTRAINT user_session_revoked_after_created CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);
CREATE INDEX user_session_user_id_idx ON user_session (user_id);

-- The application enforces its configurable limit (4096 by default); the database holds a hard ceiling
-- so that no client, import or replica can store an empty or unbounded note.
CREATE TABLE note (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES telegram_user (id) ON DELETE CASCADE,
    text       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT note_text_not_blank CHECK (btrim(text, E' \t\r\n') <> ''),
    CONSTRAINT note_text_length CHECK (char_length(text) <= 16384)
);
-- Serves "newest first" pages of one user's notes with an id cursor.
CREATE INDEX note_user_id_id_idx ON note (user_id, id DESC);

-- Telegram redelivers updates; an update_id takes effect once. Ids are not monotonic over long gaps,
-- so the set of seen ids is kept for a bounded time and purged by processed_at.
CREATE TABLE processed_update (
    update_id    bigint      PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_update_processed_at_idx ON processed_update (processed_at);

-- Transactional outbox of Bot API calls: written in the same transaction as the update's effects,
-- delivered afterwards by the sender. Messages of one chat are sent in id order.
CREATE TABLE bot_outbox (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id         bigint      NOT NULL,
    method          text        NOT NULL CHECK (method ~ '^[a-zA-Z]{1,64}$'),
    payload         jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    status          text        NOT NULL DEFAULT 'PENDING'
                                CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    CONSTRAINT bot_outbox_sent_has_time CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
);
-- The sender's claim: due rows that are still to be delivered.
CREATE INDEX bot_outbox_due_idx ON bot_outbox (next_attempt_at, id) WHERE status IN ('PENDING', 'SENDING');
-- Per-chat ordering and pacing: earlier open messages and recent sends of one chat.
CREATE INDEX bot_outbox_chat_idx ON bot_outbox (chat_id, id);
-- Retention purge of finished rows.
CREATE INDEX bot_outbox_finished_idx ON bot_outbox (created_at) WHERE status IN ('SENT', 'FAILED');
