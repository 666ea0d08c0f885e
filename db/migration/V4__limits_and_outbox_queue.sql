-- Per-user limits that hold across replicas, and an outbox whose claim does not slow down with its backlog.

-- No note is written while its usage is counted and the trigger that keeps counting is created.
LOCK TABLE note IN SHARE ROW EXCLUSIVE MODE;

-- Rate limits: one fixed window per user and action (note writes, session issues), counted in PostgreSQL so that
-- every replica sees the same count. A row is one user's current window; stale rows are purged.
CREATE TABLE rate_limit (
    user_id      bigint      NOT NULL REFERENCES telegram_user (id) ON DELETE CASCADE,
    action       text        NOT NULL CHECK (action ~ '^[a-z_]{1,32}$'),
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL CHECK (hits > 0),
    PRIMARY KEY (user_id, action)
);
CREATE INDEX rate_limit_window_start_idx ON rate_limit (window_start);

-- What each user keeps, for the storage quota. Kept by a trigger, so that every writer counts (the API, the
-- legacy import, a DBA's SQL) and the quota check reads one row instead of counting a heavy user's notes.
CREATE TABLE note_usage (
    user_id bigint PRIMARY KEY REFERENCES telegram_user (id) ON DELETE CASCADE,
    notes   bigint NOT NULL DEFAULT 0 CHECK (notes >= 0),
    bytes   bigint NOT NULL DEFAULT 0 CHECK (bytes >= 0)
);
INSERT INTO note_usage (user_id, notes, bytes)
SELECT user_id, count(*), sum(octet_length(text)) FROM note GROUP BY user_id;

CREATE FUNCTION note_usage_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE note_usage SET notes = notes - 1, bytes = bytes - octet_length(OLD.text) WHERE user_id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO note_usage (user_id, notes, bytes) VALUES (NEW.user_id, 1, octet_length(NEW.text))
        ON CONFLICT (user_id) DO UPDATE SET notes = note_usage.notes + 1, bytes = note_usage.bytes + EXCLUDED.bytes;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER note_usage_track AFTER INSERT OR DELETE OR UPDATE OF user_id, text ON note
    FOR EACH ROW EXECUTE FUNCTION note_usage_track();

-- The outbox no longer holds session tokens: a /start reply names the user whose session is issued when the
-- message is sent, and the token goes straight into the request to Telegram. A database dump shows no live token.
ALTER TABLE bot_outbox ADD COLUMN session_for_user bigint;
-- Replies that stand for each other (the /start button, the help text) share a key: a chat has at most one of
-- each waiting, refreshed in place rather than queued again.
ALTER TABLE bot_outbox ADD COLUMN coalesce_key text CHECK (coalesce_key ~ '^[a-z_]{1,32}$');
CREATE UNIQUE INDEX bot_outbox_open_coalesce_key ON bot_outbox (chat_id, coalesce_key)
    WHERE status IN ('PENDING', 'SENDING') AND coalesce_key IS NOT NULL;
-- A chat's queue head and its count of open rows.
CREATE INDEX bot_outbox_open_chat_idx ON bot_outbox (chat_id, id) WHERE status IN ('PENDING', 'SENDING');

-- Undelivered replies written before this version carry a token: they get the send-time session instead. One
-- whose chat is no known user cannot get a session and is given up.
UPDATE bot_outbox
SET payload = regexp_replace(payload::text, 'session=[A-Za-z0-9_-]+', 'session=SESSION_TOKEN_AT_SEND', 'g')::jsonb,
    session_for_user = chat_id
WHERE status IN ('PENDING', 'SENDING') AND payload::text LIKE '%session=%'
  AND EXISTS (SELECT 1 FROM telegram_user u WHERE u.id = bot_outbox.chat_id);
UPDATE bot_outbox
SET payload = regexp_replace(payload::text, 'session=[A-Za-z0-9_-]+', 'session=redacted', 'g')::jsonb,
    status = 'FAILED', last_error = 'a session link for a chat that is no known user'
WHERE status IN ('PENDING', 'SENDING') AND payload::text ~ 'session=[A-Za-z0-9_-]+' AND session_for_user IS NULL;

-- One row per chat that has undelivered messages: when its head may next be tried. The sender claims chats, not
-- rows, so a claim reads as many rows as there are chats with due work, whatever their backlog.
CREATE TABLE bot_outbox_chat (
    chat_id bigint      PRIMARY KEY,
    due_at  timestamptz NOT NULL
);
CREATE INDEX bot_outbox_chat_due_at_idx ON bot_outbox_chat (due_at);
INSERT INTO bot_outbox_chat (chat_id, due_at)
SELECT chat_id, min(next_attempt_at) FROM bot_outbox WHERE status IN ('PENDING', 'SENDING') GROUP BY chat_id;

-- A replica of an earlier version, still running during a rolling upgrade, queues messages without their chat's
-- row; this puts the row there, so the messages are not left behind when it stops. (This version writes the row
-- itself, first, and the trigger then finds it.)
CREATE FUNCTION bot_outbox_chat_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bot_outbox_chat (chat_id, due_at) VALUES (NEW.chat_id, now()) ON CONFLICT (chat_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER bot_outbox_chat_queued AFTER INSERT ON bot_outbox
    FOR EACH ROW WHEN (NEW.status IN ('PENDING', 'SENDING')) EXECUTE FUNCTION bot_outbox_chat_queued();

-- Replaced by the chat queue: the claim no longer scans due rows or recent sends.
DROP INDEX bot_outbox_due_idx;
DROP INDEX bot_outbox_recent_sent_idx;
