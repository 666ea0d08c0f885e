-- Full-text search of a user's entries and transcripts (issue 16). PostgreSQL's 'russian' configuration stems
-- Cyrillic words with the Russian stemmer and Latin ones with the English stemmer, so one configuration serves both
-- languages; ё is folded into е on both sides. The function is the one definition of what is searched: the index is
-- built on it and the query calls it, so the two cannot drift apart.
CREATE FUNCTION note_search_vector(body text, transcript text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsvector('russian'::regconfig, translate(body || ' ' || coalesce(transcript, ''), 'Ёё', 'Ее'));

-- The words are stored (a generated column), so that ranking a heavy user's thousands of matches reads them instead
-- of parsing every text again (docs/benchmarks.md: 0.5-1 s a search without it). Adding it rewrites the table once,
-- under the migration's lock.
ALTER TABLE note ADD COLUMN search tsvector GENERATED ALWAYS AS (note_search_vector(text, transcript)) STORED;

-- btree_gin (a trusted contrib extension: the database's owner may create it) lets one GIN index hold the owner and
-- the words, so a search reads only that user's matching entries, however big the table.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX note_search_idx ON note USING gin (user_id, search);
