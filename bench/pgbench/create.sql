-- The SQL the service runs for POST /api/telegram/notes: the session lookup, then the insert.
\set uid random(1, 64)
SELECT id, user_id, created_at, last_seen, last_seen < now() - make_interval(secs => 60) AS stale FROM user_session WHERE token_sha256 = sha256(convert_to('benchtoken' || lpad(:uid::text, 33, '0'), 'UTF8')) AND revoked_at IS NULL AND last_seen > now() - make_interval(secs => 2592000);
INSERT INTO note (user_id, text) VALUES (1000000 + :uid, 'benchmark note') RETURNING id, text, created_at;
