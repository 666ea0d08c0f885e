-- NoteSearch's query (V12) while typing a second word: a whole word and the prefix of the next (its first four
-- letters), for the heavy user.
\set w random(1, 263)
\set p random(1, 263)
WITH q AS (SELECT (websearch_to_tsquery('russian', (SELECT word FROM bench_word WHERE id = :w))
                   && to_tsquery('russian', quote_literal((SELECT left(word, 4) FROM bench_word WHERE id = :p)) || ':*')) AS query,
                  websearch_to_tsquery('russian', (SELECT word FROM bench_word WHERE id = :w)) AS words,
                  note_owned_prefix(1::bigint, (SELECT left(word, 4) FROM bench_word WHERE id = :p)) AS owned),
newest AS (
    SELECT n.id, n.text, n.transcript, n.search FROM note n, q
    WHERE n.user_id = 1::bigint AND (n.search @@ q.words AND note_owned_words(n.user_id, n.search) @@ q.owned)
    ORDER BY n.entry_date DESC, n.id DESC LIMIT 500
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
