package app.speakingdiary.user;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.speakingdiary.config.DiaryProperties;
import app.speakingdiary.system.InvalidRequestException;

/**
 * Each user's IANA time zone, which decides which day an entry falls on (the calendar,
 * "on this day"). Until the Mini App sets it, the service's default applies.
 */
@Component
public class TimeZones {

	private final JdbcClient jdbc;

	private final ZoneId defaultZone;

	private volatile @Nullable Set<String> databaseZones;

	TimeZones(JdbcClient jdbc, DiaryProperties properties) {
		this.jdbc = jdbc;
		this.defaultZone = ZoneId.of(properties.users().defaultTimeZone());
	}

	/** The user's zone, and whether they chose it. */
	public record UserZone(ZoneId zone, boolean chosen) {
	}

	public UserZone of(long userId) {
		Optional<ZoneId> chosen = this.jdbc.sql("SELECT time_zone FROM telegram_user WHERE id = :id")
			.param("id", userId)
			.query(String.class)
			.optional()
			.flatMap(TimeZones::known);
		return chosen.map((zone) -> new UserZone(zone, true)).orElseGet(() -> new UserZone(this.defaultZone, false));
	}

	/**
	 * Keeps the user's zone. The name must be a region or UTC offset zone that both Java
	 * and PostgreSQL know (each has its own copy of the tz database), since both read it.
	 */
	public UserZone set(long userId, String name) {
		ZoneId zone = known(name).filter((candidate) -> databaseZones().contains(candidate.getId()))
			.orElseThrow(() -> new InvalidRequestException(
					"time_zone must be an IANA time zone name such as Europe/Moscow or Asia/Novosibirsk."));
		this.jdbc.sql("UPDATE telegram_user SET time_zone = :zone, updated_at = now() WHERE id = :id")
			.param("zone", zone.getId())
			.param("id", userId)
			.update();
		return new UserZone(zone, true);
	}

	/**
	 * The zone names PostgreSQL knows, read once: the view reads the whole tz database at
	 * each query.
	 */
	private Set<String> databaseZones() {
		Set<String> zones = this.databaseZones;
		if (zones == null) {
			zones = Set.copyOf(this.jdbc.sql("SELECT name FROM pg_timezone_names").query(String.class).list());
			this.databaseZones = zones;
		}
		return zones;
	}

	/** Region ids only: Java would also take offsets such as {@code +03:00}. */
	private static Optional<ZoneId> known(String name) {
		if (name == null || name.length() > 64 || !ZoneId.getAvailableZoneIds().contains(name)) {
			return Optional.empty();
		}
		try {
			return Optional.of(ZoneId.of(name));
		}
		catch (DateTimeException ex) {
			return Optional.empty();
		}
	}

}
