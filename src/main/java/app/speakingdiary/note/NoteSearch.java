package app.speakingdiary.note;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.speakingdiary.system.InvalidRequestException;

/**
 * Full-text search of one user's entries and transcripts (decisions §39): what people
 * type, in web-search syntax ({@code "a phrase"}, {@code -without}, {@code or}), with the
 * last word matched as a prefix while it is being typed; Russian and English stemming, ё
 * as е; ranked; each hit with a snippet whose matches are marked as data, never as HTML.
 */
@Repository
class NoteSearch {

	static final int MAX_QUERY = 200;

	/**
	 * Matches ranked: the newest this many. A heavy user's common word matches thousands
	 * of entries, and ranking them all cost 60-100 ms (docs/benchmarks.md); a diary's
	 * recent entries are the ones looked for.
	 */
	static final int CANDIDATES = 500;

	/**
	 * The word being typed: letters and digits at the very end, not negated or quoted.
	 */
	private static final Pattern LAST_WORD = Pattern.compile("(?<![-\"\\p{L}\\p{N}])([\\p{L}\\p{N}]+)$",
			Pattern.UNICODE_CHARACTER_CLASS);

	// Markers PostgreSQL puts around matches: control characters no note can hold
	// unseen, turned into segments here.
	private static final String START = "\u0002";

	private static final String STOP = "\u0003";

	private final JdbcClient jdbc;

	private final NotePages pages;

	NoteSearch(JdbcClient jdbc, NotePages pages) {
		this.jdbc = jdbc;
		this.pages = pages;
	}

	/** A piece of a snippet; {@code match} when it is what was searched for. */
	record Segment(String text, boolean match) {
	}

	/**
	 * The query in PostgreSQL's terms: a web-search part, and a prefix for the word being
	 * typed, joined by AND, or by OR after {@code or}.
	 */
	record Query(String words, String prefix, boolean or) {

		private static final Pattern TRAILING_OR = Pattern.compile("(?i)\\s+or$");

		static Query parse(String q) {
			String folded = q.stripLeading().replace('ё', 'е').replace('Ё', 'Е');
			if (folded.isBlank() || folded.length() > MAX_QUERY || folded.indexOf('\u0000') >= 0) {
				throw new InvalidRequestException("q must be 1-" + MAX_QUERY + " characters of words to look for.");
			}
			// A word followed by a space is finished: it is matched whole.
			Matcher last = LAST_WORD.matcher(folded);
			if (!last.find()) {
				return new Query(folded.strip(), "", false);
			}
			String prefix = last.group(1).toLowerCase(Locale.ROOT);
			String words = " " + folded.substring(0, last.start()).strip();
			Matcher or = TRAILING_OR.matcher(words);
			boolean either = or.find();
			return new Query((either ? words.substring(0, or.start()) : words).strip(), prefix, either);
		}

		private static final String WORDS = "websearch_to_tsquery('russian', :words)";

		private static final String PREFIX = "to_tsquery('russian', quote_literal(:prefix) || ':*')";

		/**
		 * The whole query as a tsquery expression (for ranking and snippets), with :words
		 * and :prefix as its parameters.
		 */
		String sql() {
			if (this.words.isEmpty()) {
				return PREFIX;
			}
			return this.prefix.isEmpty() ? WORDS : "(" + WORDS + (this.or ? " || " : " && ") + PREFIX + ")";
		}

		/**
		 * Which of the user's notes match, over the columns of {@code q} (words, owned).
		 * The prefix goes to the user's own words ({@code note_owned_words_idx}): as a
		 * prefix of everyone's words it would gather every user's matches first
		 * (decisions §41).
		 */
		String match() {
			String owned = "note_owned_words(n.user_id, n.search) @@ q.owned";
			if (this.prefix.isEmpty()) {
				return "n.user_id = :userId AND n.search @@ q.words";
			}
			if (this.words.isEmpty()) {
				// The owned words name their owner, so they hold only this user's notes;
				// with the owner's index as well, PostgreSQL would read all the user's
				// entries from it to intersect (20 ms for 50,000). NotePages.find checks
				// the owner again.
				return owned;
			}
			return "n.user_id = :userId AND (n.search @@ q.words " + (this.or ? "OR " : "AND ") + owned + ")";
		}

	}

	/** The user's best matches, best first, with snippets. */
	List<NotesController.NoteBody> search(long userId, String q, int limit) {
		Query query = Query.parse(q);
		if (!query.prefix().isEmpty() && !query.words().isEmpty() && !stemsToWords(userId, query.prefix())) {
			// A stop word being typed ("и", "the") adds nothing to the words before it,
			// as to_tsquery leaves it out of a whole query.
			query = new Query(query.words(), "", false);
		}
		List<Hit> hits = this.jdbc
			.sql("""
					WITH q AS (SELECT %s AS query, %s AS words, note_owned_prefix(:userId, :prefix) AS owned),
					newest AS (
					    SELECT n.id, n.text, n.transcript, n.search FROM note n, q
					    WHERE %s
					    ORDER BY n.entry_date DESC, n.id DESC LIMIT :candidates
					),
					best AS (
					    SELECT newest.*, ts_rank_cd(newest.search, q.query) AS rank FROM newest, q
					    ORDER BY rank DESC, newest.id DESC LIMIT :limit
					)
					SELECT best.id, ts_headline('russian',
					           translate(best.text || coalesce(E'\\n' || best.transcript, ''), chr(2) || chr(3), ''), q.query,
					           'StartSel=' || chr(2) || ', StopSel=' || chr(3)
					           || ', MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "') AS snippet
					FROM best, q ORDER BY best.rank DESC, best.id DESC"""
				.formatted(query.sql(), query.words().isEmpty() ? "NULL::tsquery" : Query.WORDS, query.match()))
			.param("words", query.words())
			.param("prefix", query.prefix())
			.param("userId", userId)
			.param("limit", limit)
			.param("candidates", CANDIDATES)
			.query((rs, row) -> new Hit(rs.getLong("id"), rs.getString("snippet")))
			.list();
		// The hits' notes in one query, then in the hits' order.
		Map<Long, NotesController.NoteBody> found = new HashMap<>();
		this.pages.find(userId, hits.stream().map(Hit::id).toList()).forEach((note) -> found.put(note.id(), note));
		List<NotesController.NoteBody> notes = new ArrayList<>();
		for (Hit hit : hits) {
			NotesController.NoteBody note = found.get(hit.id());
			if (note != null) {
				notes.add(note.withSnippet(segments(hit.snippet())));
			}
		}
		return notes;
	}

	private record Hit(long id, String snippet) {
	}

	private boolean stemsToWords(long userId, String prefix) {
		return this.jdbc.sql("SELECT numnode(note_owned_prefix(:userId, :prefix)) > 0")
			.param("userId", userId)
			.param("prefix", prefix)
			.query(Boolean.class)
			.single();
	}

	static List<Segment> segments(String marked) {
		List<Segment> segments = new ArrayList<>();
		int at = 0;
		while (at < marked.length()) {
			int start = marked.indexOf(START, at);
			if (start < 0) {
				segments.add(new Segment(marked.substring(at), false));
				break;
			}
			if (start > at) {
				segments.add(new Segment(marked.substring(at, start), false));
			}
			int stop = marked.indexOf(STOP, start);
			int end = (stop < 0) ? marked.length() : stop;
			segments.add(new Segment(marked.substring(start + 1, end), true));
			at = (stop < 0) ? marked.length() : stop + 1;
		}
		return segments;
	}

}
