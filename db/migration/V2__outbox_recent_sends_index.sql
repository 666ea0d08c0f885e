-- The sender's per-chat pacing looks for a chat's sends within the last second; without this index that
-- anti-join scanned every finished row of the outbox on each claim.
CREATE INDEX bot_outbox_recent_sent_idx ON bot_outbox (sent_at, chat_id) WHERE status = 'SENT';
