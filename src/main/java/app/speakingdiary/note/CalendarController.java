package app.speakingdiary.note;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import app.speakingdiary.auth.Caller;
import app.speakingdiary.system.InvalidRequestException;
import app.speakingdiary.user.TimeZones;

/**
 * The caller's entries by day, in their time zone: a month's days with entries, and the
 * entries written on today's date in earlier years.
 */
@RestController
@RequestMapping(path = "/api/telegram/notes", produces = MediaType.APPLICATION_JSON_VALUE)
class CalendarController {

	private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

	private final NoteCalendar calendar;

	private final TimeZones timeZones;

	private final Clock clock;

	CalendarController(NoteCalendar calendar, TimeZones timeZones, Clock clock) {
		this.calendar = calendar;
		this.timeZones = timeZones;
		this.clock = clock;
	}

	/** The month's days that have entries, with how many, in {@code time_zone}. */
	record Month(String month, String timeZone, List<NoteCalendar.Day> days) {
	}

	/** Today's date in {@code time_zone}, and its entries of earlier years. */
	record OnThisDay(LocalDate date, String timeZone, List<NotesController.NoteBody> notes) {
	}

	/** {@code month}: {@code YYYY-MM}; this month when left out. */
	@GetMapping("/calendar")
	Month month(Caller caller, @RequestParam(required = false) String month) {
		TimeZones.UserZone zone = this.timeZones.of(caller.userId());
		YearMonth wanted = (month == null) ? YearMonth.now(this.clock.withZone(zone.zone())) : parseMonth(month);
		return new Month(wanted.toString(), zone.zone().getId(),
				this.calendar.month(caller.userId(), wanted, zone.zone()));
	}

	@GetMapping("/on-this-day")
	OnThisDay onThisDay(Caller caller) {
		TimeZones.UserZone zone = this.timeZones.of(caller.userId());
		LocalDate today = LocalDate.now(this.clock.withZone(zone.zone()));
		return new OnThisDay(today, zone.zone().getId(), this.calendar.onThisDay(caller.userId(), today, zone.zone()));
	}

	private static YearMonth parseMonth(String month) {
		String value = month.strip();
		if (MONTH.matcher(value).matches()) {
			try {
				YearMonth parsed = YearMonth.parse(value);
				if (parsed.getYear() >= 1900) {
					return parsed;
				}
			}
			catch (DateTimeParseException ex) {
				// answered below
			}
		}
		throw new InvalidRequestException("month must be a year and month from 1900 on, such as 2026-11.");
	}

}
