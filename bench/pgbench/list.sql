-- The SQL the service runs for GET /api/telegram/notes: the session lookup, then one page (limit 50, plus one).
\set uid random(1, 64)
SELECT id, user_id, created_at, last_seen, last_seen < now() - make_interval(secs => 60) AS stale FROM user_session WHERE token_sha256 = sha256(convert_to('benchtoken' || lpad(:uid::text, 33, '0'), 'UTF8')) AND revoked_at IS NULL AND last_seen > now() - make_interval(secs => 2592000);
SELECT id, text, created_at FROM note WHERE user_id >= 1000000 + :uid AND user_id <= 1000000 + :uid AND id < 9223372036854775807 ORDER BY user_id, id DESC LIMIT 51;
