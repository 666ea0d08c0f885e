package app.speakingdiary.note;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import tools.jackson.databind.JsonNode;

import app.speakingdiary.system.InvalidRequestException;

/**
 * The moment an entry is about, as a client sends it: an RFC 3339 date-time with its
 * offset ({@code 2026-11-30T21:15:00+03:00}), from 1900 on and at most a day ahead of now
 * (a user a time zone or a night away from the server is not wrong; next week is).
 */
final class EntryDate {

	static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	static final Duration AHEAD = Duration.ofDays(1);

	private EntryDate() {
	}

	static Instant parse(JsonNode value, Instant now) {
		if (!value.isString()) {
			throw invalid();
		}
		Instant date;
		try {
			date = OffsetDateTime.parse(value.asString().strip()).toInstant().truncatedTo(ChronoUnit.MICROS);
		}
		catch (DateTimeParseException ex) {
			throw invalid();
		}
		if (date.isBefore(EARLIEST) || date.isAfter(now.plus(AHEAD))) {
			throw new InvalidRequestException("date must be from 1900 on and at most a day from now.");
		}
		return date;
	}

	private static InvalidRequestException invalid() {
		return new InvalidRequestException(
				"date must be a date and time with its offset, such as 2026-11-30T21:15:00+03:00.");
	}

}
