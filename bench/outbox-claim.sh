#!/usr/bin/env bash
# How long one outbox claim takes against the backlog, for the claim before V4 (rows scanned in due order) and the
# claim of V4 (chats with due work), with the backlog in one chat or spread over many. Runs on the machine's
# PostgreSQL in a scratch database; prints one line per case: backlog, layout, old and new claim in ms (median of 5).
set -euo pipefail
DB=outbox_claim_bench
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -U "${PGUSER:-postgres}" -h "${PGHOST:-/var/run/postgresql}")
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
"${PSQL[@]}" -d "$DB" <<'SQL'
CREATE TABLE bot_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, chat_id bigint NOT NULL, method text NOT NULL,
    payload jsonb NOT NULL, status text NOT NULL DEFAULT 'PENDING', attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz, session_for_user bigint);
CREATE TABLE bot_outbox_chat (chat_id bigint PRIMARY KEY, due_at timestamptz NOT NULL);
CREATE INDEX ON bot_outbox_chat (due_at);
-- The indexes of both versions, so that each claim finds the one it was written for.
CREATE INDEX bot_outbox_due_idx ON bot_outbox (next_attempt_at, id) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX bot_outbox_chat_idx ON bot_outbox (chat_id, id);
CREATE INDEX bot_outbox_open_chat_idx ON bot_outbox (chat_id, id) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX bot_outbox_recent_sent_idx ON bot_outbox (sent_at, chat_id) WHERE status = 'SENT';
SQL
old_claim="SELECT c.id FROM bot_outbox c WHERE c.status IN ('PENDING','SENDING') AND c.next_attempt_at <= now()
  AND NOT EXISTS (SELECT 1 FROM bot_outbox e WHERE e.chat_id = c.chat_id AND e.id < c.id AND e.status IN ('PENDING','SENDING'))
  AND NOT EXISTS (SELECT 1 FROM bot_outbox s WHERE s.chat_id = c.chat_id AND s.status = 'SENT' AND s.sent_at > now() - interval '1 second')
  ORDER BY c.next_attempt_at, c.id LIMIT 32 FOR UPDATE SKIP LOCKED"
new_claim="WITH due AS (SELECT chat_id FROM bot_outbox_chat WHERE due_at <= now() ORDER BY due_at LIMIT 32 FOR UPDATE SKIP LOCKED)
  SELECT due.chat_id, (SELECT h.id FROM bot_outbox h WHERE h.chat_id = due.chat_id AND h.status IN ('PENDING','SENDING') ORDER BY h.id LIMIT 1) FROM due"
time_ms() { # median of 5 runs of EXPLAIN ANALYZE's execution time, inside a rolled-back transaction
  for i in 1 2 3 4 5; do
    "${PSQL[@]}" -d "$DB" -At -c "BEGIN" -c "EXPLAIN (ANALYZE, FORMAT JSON) $1" -c "ROLLBACK" \
      | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[0]["Execution Time"])'
  done | sort -n | sed -n 3p
}
load() { # $1 rows, $2 chats; every chat's last message went out just now, so no chat is due yet (paced)
  "${PSQL[@]}" -d "$DB" -c "TRUNCATE bot_outbox, bot_outbox_chat" \
    -c "INSERT INTO bot_outbox (chat_id, method, payload) SELECT g % $2, 'sendMessage', '{}' FROM generate_series(1, $1) g" \
    -c "INSERT INTO bot_outbox (chat_id, method, payload, status, sent_at) SELECT g, 'sendMessage', '{}', 'SENT', now() FROM generate_series(0, $2 - 1) g" \
    -c "INSERT INTO bot_outbox_chat SELECT g, now() + interval '1 second' FROM generate_series(0, $2 - 1) g" \
    -c "ANALYZE bot_outbox" -c "ANALYZE bot_outbox_chat"
}
echo "backlog rows, chats, old claim ms, new claim ms (no chat due: every one was just paced)"
for rows in 1000 100000 1000000; do
  for chats in 1 1000; do
    load "$rows" "$chats"
    echo "$rows, $chats, $(time_ms "$old_claim"), $(time_ms "$new_claim")"
  done
done
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB"
