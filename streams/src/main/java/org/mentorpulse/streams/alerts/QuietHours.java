package org.mentorpulse.streams.alerts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a person may be nudged: not between {@code quietFrom} and {@code quietUntil} of their local day (a window
 * that may cross midnight, 20:00-08:00 by default), and not on weekends unless allowed. Local times go through
 * {@link ZonedDateTime}, so a daylight-saving change moves the instant, never the local hour: after a spring-forward
 * gap the first allowed time is the first valid local time at or after {@code quietUntil}.
 */
public record QuietHours(LocalTime quietFrom, LocalTime quietUntil, boolean weekendsQuiet) {
    public static final QuietHours DEFAULT = new QuietHours(LocalTime.of(20, 0), LocalTime.of(8, 0), true);

    /** The first instant at or after {@code at} when a person in {@code zone} may be nudged. */
    public Instant nextAllowed(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (allowed(local)) {
            return at;
        }
        // the next local morning (the end of the quiet window) that is not a quiet day
        LocalDate day = local.toLocalTime().isBefore(quietUntil) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        while (weekendsQuiet && weekend(day)) {
            day = day.plusDays(1);
        }
        return ZonedDateTime.of(day, quietUntil, zone).toInstant();
    }

    boolean allowed(ZonedDateTime local) {
        if (weekendsQuiet && weekend(local.toLocalDate())) {
            return false;
        }
        LocalTime t = local.toLocalTime();
        boolean crossesMidnight = quietFrom.isAfter(quietUntil);
        boolean quiet = crossesMidnight ? !t.isBefore(quietFrom) || t.isBefore(quietUntil)
                : !t.isBefore(quietFrom) && t.isBefore(quietUntil);
        return !quiet;
    }

    private static boolean weekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
