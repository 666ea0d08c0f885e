-- NoteSearch's query of V10 for the prefix of a word being typed (its first four letters), kept to compare in the same run: the prefix as a
-- partial match over everyone's words (note_search_idx); for the heavy user; user_id as bigint, as JDBC binds it (btree_gin
-- has no bigint = integer operator).
\set w random(1, 263)
WITH q AS (SELECT to_tsquery('russian', quote_literal((SELECT left(word, 4) FROM bench_word WHERE id = :w)) || ':*') AS query),
newest AS (
    SELECT n.id, n.text, n.transcript, n.search FROM note n, q
    WHERE n.user_id = 1::bigint AND n.search @@ q.query ORDER BY n.entry_date DESC, n.id DESC LIMIT 500
),
best AS (
    SELECT newest.*, ts_rank_cd(newest.search, q.query) AS rank FROM newest, q
    ORDER BY rank DESC, newest.id DESC LIMIT 20
)
SELECT best.id, ts_headline('russian',
           translate(best.text || coalesce(E'\n' || best.transcript, ''), chr(2) || chr(3), ''), q.query,
           'StartSel=' || chr(2) || ', StopSel=' || chr(3)
           || ', MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "') AS snippet
FROM best, q ORDER BY best.rank DESC, best.id DESC;
