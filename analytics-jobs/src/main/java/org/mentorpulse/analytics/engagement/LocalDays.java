package org.mentorpulse.analytics.engagement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Local days of a time zone as epoch-day numbers, with daylight-saving days of 23 or 25 hours handled. */
public final class LocalDays {
    private LocalDays() {}

    /** The local day (days since 1970-01-01) on which the instant falls in the zone. */
    public static int of(long epochMillis, ZoneId zone) {
        int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return (int) Math.floorDiv(Math.floorDiv(epochMillis, 1000L) + offsetSeconds, 86_400L);
    }

    /** The instant (epoch millis) at which the local day begins in the zone. */
    public static long startOf(int epochDay, ZoneId zone) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The instant at which the local day ends (the next day's start), exclusive. */
    public static long endOf(int epochDay, ZoneId zone) {
        return startOf(epochDay + 1, zone);
    }

    /** The local hour of day (0-23) of the instant in the zone. */
    public static int hourOf(long epochMillis, ZoneId zone) {
        int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return (int) (Math.floorMod(Math.floorDiv(epochMillis, 1000L) + offsetSeconds, 86_400L) / 3600);
    }
}
