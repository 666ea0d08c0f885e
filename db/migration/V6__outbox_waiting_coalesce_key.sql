-- A reply of a kind (coalesce_key) refreshes the one waiting, never one being sent: refreshing that lost the newer
-- reply (the sender sent the old text and marked it sent). A message being sent and a newer one of its kind waiting
-- may now both be open.
DROP INDEX bot_outbox_open_coalesce_key;
CREATE UNIQUE INDEX bot_outbox_waiting_coalesce_key ON bot_outbox (chat_id, coalesce_key)
    WHERE status = 'PENDING' AND coalesce_key IS NOT NULL;
