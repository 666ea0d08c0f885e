-- Prefix search within one user's words (issue 16). A prefix ('раб':*) in note_search_idx is a partial match over
-- every user's words: a four-letter prefix gathered about 38,000 candidates for a heavy user out of a 5,000,000-note
-- table, and searches while typing took 180 ms at p99 (docs/benchmarks.md). Here each word carries its owner
-- ('42/работ'), so a prefix reads that user's words only. Positions are left out: the index only finds candidates,
-- and the stored words (note.search) rank them.
CREATE FUNCTION note_owned_words(owner bigint, words tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    -- A word with its owner must stay within the 2,047 bytes a tsvector word may have (array_to_tsvector does not
    -- check); a longer one is left out of this index only.
    RETURN array_to_tsvector(ARRAY(SELECT owner || '/' || word FROM unnest(tsvector_to_array(words)) AS word
                                   WHERE octet_length(owner::text) + 1 + octet_length(word) < 2048));

-- The query side: the prefix of the word being typed, stemmed as the words were, as a prefix of the owner's words.
-- No words (a stop word, or nothing a word is made of) give an empty query, which matches nothing.
CREATE FUNCTION note_owned_prefix(owner bigint, prefix text) RETURNS tsquery
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce((SELECT string_agg(quote_literal(owner || '/' || word) || ':*', ' & ')
                     FROM unnest(tsvector_to_array(note_search_vector(prefix, NULL))) AS word), '')::tsquery;

CREATE INDEX note_owned_words_idx ON note USING gin (note_owned_words(user_id, search));
