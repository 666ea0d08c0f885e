package app.speakingdiary.note;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A user's entries by day, the days as they are in the user's time zone: how many each
 * day of a month has, and those of one date in earlier years. Both read
 * {@code note_user_entry_date_idx} over the user's ranges only.
 */
@Repository
class NoteCalendar {

	/** At most this many entries on this day, newest first. */
	static final int ON_THIS_DAY_LIMIT = 50;

	private final JdbcClient jdbc;

	private final NotePages pages;

	NoteCalendar(JdbcClient jdbc, NotePages pages) {
		this.jdbc = jdbc;
		this.pages = pages;
	}

	/** A day with entries, and how many. */
	record Day(LocalDate date, int notes) {
	}

	/** The days of the month that have entries, in order. */
	List<Day> month(long userId, YearMonth month, ZoneId zone) {
		return this.jdbc.sql("""
				SELECT (entry_date AT TIME ZONE :zone)::date AS day, count(*) AS notes
				FROM note
				WHERE user_id = :userId AND entry_date >= :start AND entry_date < :end
				GROUP BY day ORDER BY day""")
			.param("zone", zone.getId())
			.param("userId", userId)
			.param("start", Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant()))
			.param("end", Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()))
			.query((rs, row) -> new Day(rs.getObject("day", LocalDate.class), rs.getInt("notes")))
			.list();
	}

	/**
	 * The entries of the same month and day in each earlier year the user has entries
	 * for, newest first. February 29 has entries of leap years only.
	 */
	List<NotesController.NoteBody> onThisDay(long userId, LocalDate today, ZoneId zone) {
		return this.pages.query(userId,
				this.jdbc
					.sql("""
							WITH years AS (
							    SELECT make_date(year, :month, :day) AS day
							    FROM generate_series(:lastYear,
							             (SELECT extract(year FROM min(entry_date) AT TIME ZONE :zone)::int
							              FROM note WHERE user_id = :userId), -1) AS year
							    WHERE :month <> 2 OR :day <> 29 OR (mod(year, 4) = 0 AND (mod(year, 100) <> 0 OR mod(year, 400) = 0))
							)
							SELECT %s
							FROM years CROSS JOIN LATERAL (
							    SELECT * FROM note
							    WHERE user_id = :userId AND entry_date >= years.day::timestamp AT TIME ZONE :zone
							          AND entry_date < (years.day + 1)::timestamp AT TIME ZONE :zone
							    ORDER BY entry_date DESC, id DESC LIMIT :limit
							) n
							ORDER BY n.entry_date DESC, n.id DESC LIMIT :limit"""
						.formatted(NotePages.COLUMNS))
					.param("month", today.getMonthValue())
					.param("day", today.getDayOfMonth())
					.param("lastYear", today.getYear() - 1)
					.param("zone", zone.getId())
					.param("userId", userId)
					.param("limit", ON_THIS_DAY_LIMIT));
	}

}
